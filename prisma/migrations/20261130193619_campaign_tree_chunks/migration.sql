-- AlterTable
ALTER TABLE "campaign_trees" ADD COLUMN     "byte_length" BIGINT,
ADD COLUMN     "chunk_bytes" INTEGER,
ALTER COLUMN "layers" DROP NOT NULL;

-- CreateTable
CREATE TABLE "campaign_tree_chunks" (
    "campaign_id" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "bytes" BYTEA NOT NULL,

    CONSTRAINT "campaign_tree_chunks_pkey" PRIMARY KEY ("campaign_id","seq")
);

-- AddForeignKey
ALTER TABLE "campaign_tree_chunks" ADD CONSTRAINT "campaign_tree_chunks_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaign_trees"("campaign_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Proofs read substring() slices of a chunk: out of line and uncompressed, a slice reads only its own TOAST chunks.
ALTER TABLE "campaign_tree_chunks" ALTER COLUMN "bytes" SET STORAGE EXTERNAL;
