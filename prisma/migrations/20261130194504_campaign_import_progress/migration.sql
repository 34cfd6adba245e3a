-- CreateEnum
CREATE TYPE "campaign_import_phase" AS ENUM ('reading', 'building', 'saving', 'ready', 'failed');

-- AlterTable
ALTER TABLE "campaigns" ADD COLUMN     "import_build" JSONB,
ADD COLUMN     "import_bytes" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "import_error_count" INTEGER,
ADD COLUMN     "import_message" TEXT,
ADD COLUMN     "import_owner" TEXT,
ADD COLUMN     "import_phase" "campaign_import_phase",
ADD COLUMN     "import_rows" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "import_started_at" TIMESTAMPTZ(3),
ADD COLUMN     "import_total_bytes" BIGINT,
ADD COLUMN     "import_updated_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "campaign_import_errors" (
    "campaign_id" UUID NOT NULL,
    "line" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,

    CONSTRAINT "campaign_import_errors_pkey" PRIMARY KEY ("campaign_id","line")
);

-- AddForeignKey
ALTER TABLE "campaign_import_errors" ADD CONSTRAINT "campaign_import_errors_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE CASCADE ON UPDATE CASCADE;
