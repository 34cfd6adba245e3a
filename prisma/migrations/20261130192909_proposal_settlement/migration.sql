-- CreateEnum
CREATE TYPE "proposal_outcome" AS ENUM ('none', 'passed', 'failed');

-- AlterTable
ALTER TABLE "proposal_results" ADD COLUMN     "actions_hash" TEXT NOT NULL DEFAULT '0x0000000000000000000000000000000000000000000000000000000000000000',
ADD COLUMN     "block_number" BIGINT,
ADD COLUMN     "chain_id" INTEGER,
ADD COLUMN     "error" TEXT,
ADD COLUMN     "nonce" INTEGER,
ADD COLUMN     "outcome" "proposal_outcome" NOT NULL DEFAULT 'none',
ADD COLUMN     "raw_transaction" TEXT,
ADD COLUMN     "settled_at" TIMESTAMPTZ(3),
ADD COLUMN     "settlement_address" TEXT,
ADD COLUMN     "settler" TEXT,
ADD COLUMN     "tally" JSONB NOT NULL DEFAULT '{}';
