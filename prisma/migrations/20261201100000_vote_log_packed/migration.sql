-- The vote log packed (issue 14): one row a batch (the batch of one proposal) holding its votes in
-- packed columns, instead of a row a vote. The ids, voters and signatures are concatenated (32, 20
-- and 65 bytes a vote, in leaf order), the timestamps an int8 array, and the columns that repeat
-- (choice, reason, voting power, signed) either the batch distinct values with an index a vote
-- (the int2 column), or one value a vote (the index NULL). node is the leaf of the first vote, the
-- vote k (from 1) is at leaf node + 1 - k. The append then forms one row and its TOAST chunks for a
-- batch, not a row and an index entry a vote. Values are stored uncompressed (EXTERNAL): random
-- bytes do not compress, and a slice of one vote reads only its chunks.

-- CreateTable
CREATE TABLE "vote_log_packed" (
    "proposal_id" UUID NOT NULL,
    "batch_id" INTEGER NOT NULL,
    "node" INTEGER NOT NULL,
    "message_ids" BYTEA NOT NULL,
    "voters" BYTEA NOT NULL,
    "signatures" BYTEA NOT NULL,
    "ts" BIGINT[] NOT NULL,
    "choices" TEXT[] NOT NULL,
    "choice_at" SMALLINT[],
    "reasons" TEXT[] NOT NULL,
    "reason_at" SMALLINT[],
    "voting_powers" DECIMAL(78,0)[] NOT NULL,
    "voting_power_at" SMALLINT[],
    "signed" TEXT[] NOT NULL,
    "signed_at" SMALLINT[],

    CONSTRAINT "vote_log_packed_pkey" PRIMARY KEY ("proposal_id","batch_id")
);

ALTER TABLE "vote_log_packed" ALTER COLUMN "message_ids" SET STORAGE EXTERNAL,
ALTER COLUMN "voters" SET STORAGE EXTERNAL,
ALTER COLUMN "signatures" SET STORAGE EXTERNAL,
ALTER COLUMN "ts" SET STORAGE EXTERNAL,
ALTER COLUMN "choices" SET STORAGE EXTERNAL,
ALTER COLUMN "choice_at" SET STORAGE EXTERNAL,
ALTER COLUMN "reasons" SET STORAGE EXTERNAL,
ALTER COLUMN "reason_at" SET STORAGE EXTERNAL,
ALTER COLUMN "voting_powers" SET STORAGE EXTERNAL,
ALTER COLUMN "voting_power_at" SET STORAGE EXTERNAL,
ALTER COLUMN "signed" SET STORAGE EXTERNAL,
ALTER COLUMN "signed_at" SET STORAGE EXTERNAL;

-- Existing rows, a batch at a time: the log writer logged every leaf of its batches, so a batch has
-- the consecutive leaves count - 1 to 2 count - 2, the first vote at the largest.
INSERT INTO "vote_log_packed" ("proposal_id", "batch_id", "node", "message_ids", "voters", "signatures", "ts", "choices", "reasons", "voting_powers", "signed")
SELECT "proposal_id", "batch_id", max("node"),
       string_agg("message_id", ''::bytea ORDER BY "node" DESC), string_agg("voter", ''::bytea ORDER BY "node" DESC),
       string_agg("signature", ''::bytea ORDER BY "node" DESC), array_agg("ts" ORDER BY "node" DESC), array_agg("choice" ORDER BY "node" DESC),
       array_agg("reason" ORDER BY "node" DESC), array_agg("voting_power" ORDER BY "node" DESC), array_agg("signed" ORDER BY "node" DESC)
FROM "vote_log"
GROUP BY "proposal_id", "batch_id";

DROP RULE "proposals_delete_vote_log" ON "proposals";

DROP TABLE "vote_log";

ALTER TABLE "vote_log_packed" RENAME TO "vote_log";

ALTER TABLE "vote_log" RENAME CONSTRAINT "vote_log_packed_pkey" TO "vote_log_pkey";

-- A deleted proposal takes its log with it (as its votes: no per-row foreign key).
CREATE RULE "proposals_delete_vote_log" AS ON DELETE TO "proposals" DO ALSO DELETE FROM "vote_log" WHERE "vote_log"."proposal_id" = OLD."id";
