-- The vote log (second intake design, issue 14): votes are appended to vote_log and `votes` is
-- derived from it, and every key of the intake tables includes its shard column.

-- DropIndex
DROP INDEX "batches_shard_seq_key";

-- AlterTable
ALTER TABLE "batches" DROP CONSTRAINT "batches_pkey",
ADD CONSTRAINT "batches_pkey" PRIMARY KEY ("id", "shard_key");

-- AlterTable (existing rows take their batch's shard key)
ALTER TABLE "intake_messages" DROP CONSTRAINT "intake_messages_pkey",
ADD COLUMN     "shard_key" UUID;

UPDATE "intake_messages" m SET "shard_key" = b."shard_key"::uuid FROM "batches" b WHERE b."id" = m."batch_id";

DELETE FROM "intake_messages" WHERE "shard_key" IS NULL;

ALTER TABLE "intake_messages" ALTER COLUMN "shard_key" SET NOT NULL,
ADD CONSTRAINT "intake_messages_pkey" PRIMARY KEY ("id", "shard_key");

-- CreateTable
CREATE TABLE "vote_log" (
    "proposal_id" UUID NOT NULL,
    "batch_id" INTEGER NOT NULL,
    "node" INTEGER NOT NULL,
    "message_id" BYTEA NOT NULL,
    "voter" BYTEA NOT NULL,
    "ts" BIGINT NOT NULL,
    "choice" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "voting_power" DECIMAL(78,0) NOT NULL,

    CONSTRAINT "vote_log_pkey" PRIMARY KEY ("proposal_id","batch_id","node")
);

-- CreateTable
CREATE TABLE "vote_watermarks" (
    "proposal_id" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "vote_watermarks_pkey" PRIMARY KEY ("proposal_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "batches_shard_key_seq_key" ON "batches"("shard_key", "seq");

-- A deleted proposal takes its log and watermark with it (as its votes: no per-row foreign key).
CREATE RULE "proposals_delete_vote_log" AS ON DELETE TO "proposals" DO ALSO DELETE FROM "vote_log" WHERE "vote_log"."proposal_id" = OLD."id";

CREATE RULE "proposals_delete_vote_watermarks" AS ON DELETE TO "proposals" DO ALSO DELETE FROM "vote_watermarks" WHERE "vote_watermarks"."proposal_id" = OLD."id";
