-- AlterTable
ALTER TABLE "analyses" ADD COLUMN     "analyst_version" TEXT,
ADD COLUMN     "content_hash" TEXT;

-- CreateIndex
CREATE INDEX "analyses_proposal_id_content_hash_idx" ON "analyses"("proposal_id", "content_hash");
