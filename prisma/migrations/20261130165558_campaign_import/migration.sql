-- CreateEnum
CREATE TYPE "campaign_import_status" AS ENUM ('none', 'reading', 'building', 'saving', 'ready');

-- CreateEnum
CREATE TYPE "amount_units" AS ENUM ('tokens', 'base');

-- CreateEnum
CREATE TYPE "duplicate_policy" AS ENUM ('reject', 'sum');

-- AlterTable
ALTER TABLE "campaigns" ADD COLUMN     "amount_units" "amount_units" NOT NULL DEFAULT 'tokens',
ADD COLUMN     "content_hash" TEXT,
ADD COLUMN     "duplicate_policy" "duplicate_policy" NOT NULL DEFAULT 'reject',
ADD COLUMN     "factory_address" TEXT,
ADD COLUMN     "factory_salt" TEXT,
ADD COLUMN     "fund_tx_hash" TEXT,
ADD COLUMN     "import_row_count" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "import_status" "campaign_import_status" NOT NULL DEFAULT 'none',
ADD COLUMN     "live_at" TIMESTAMPTZ(3),
ADD COLUMN     "owner_address" TEXT,
ADD COLUMN     "predicted_distributor_address" TEXT,
ADD COLUMN     "token_decimals" INTEGER,
ADD COLUMN     "token_symbol" TEXT;
