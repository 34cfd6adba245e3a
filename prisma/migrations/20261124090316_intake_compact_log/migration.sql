-- Arbor has no deployment yet, so the intake's data starts over instead of being converted (an
-- old batch's tree cannot be computed in SQL): its log, batches and checkpoints, and the votes and
-- gasless claims they wrote.
DELETE FROM "intake_messages";
DELETE FROM "votes";
DELETE FROM "claims" WHERE "kind" = 'gasless';
DELETE FROM "batches";
DELETE FROM "checkpoints";

-- DropIndex
DROP INDEX "intake_messages_batch_id_idx";

-- AlterTable
ALTER TABLE "batches" ADD COLUMN     "kind" TEXT NOT NULL,
ADD COLUMN     "messages" TEXT NOT NULL,
ADD COLUMN     "shard_key" TEXT NOT NULL,
ADD COLUMN     "tree" BYTEA NOT NULL;

-- AlterTable
ALTER TABLE "intake_messages" DROP CONSTRAINT "intake_messages_pkey",
DROP COLUMN "created_at",
DROP COLUMN "key",
DROP COLUMN "kind",
DROP COLUMN "payload",
DROP COLUMN "shard_key",
DROP COLUMN "signature",
DROP COLUMN "signer",
DROP COLUMN "status",
ADD COLUMN     "node" INTEGER NOT NULL,
ADD COLUMN     "superseded" BOOLEAN NOT NULL,
DROP COLUMN "id",
ADD COLUMN     "id" BYTEA NOT NULL,
ADD CONSTRAINT "intake_messages_pkey" PRIMARY KEY ("id");

-- AlterTable
ALTER TABLE "votes" DROP COLUMN "signature";

-- Receipts read a few 32-byte slices of a batch's tree: stored uncompressed, a slice reads only
-- the TOAST chunks it needs (and the messages are written without spending CPU on compression).
ALTER TABLE "batches" ALTER COLUMN "tree" SET STORAGE EXTERNAL;
ALTER TABLE "batches" ALTER COLUMN "messages" SET STORAGE EXTERNAL;
