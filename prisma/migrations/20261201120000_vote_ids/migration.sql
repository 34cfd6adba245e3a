-- The receipt id lookup of votes (issue 14): a narrow table keyed by the first 8 bytes of the
-- vote id (an int8), written by the derivation for every logged inclusion, in place of the
-- 32-byte id key in intake_messages. A lookup reads the candidates of a prefix and confirms the
-- full id against their vote_log rows. The shard column (proposal_id) is in the key.

-- CreateTable
CREATE TABLE "vote_ids" (
    "prefix" BIGINT NOT NULL,
    "proposal_id" UUID NOT NULL,
    "batch_id" INTEGER NOT NULL,
    "node" INTEGER NOT NULL,

    CONSTRAINT "vote_ids_pkey" PRIMARY KEY ("prefix","proposal_id","batch_id","node")
);

-- Every inclusion of the batches derived so far (at or below their proposal watermark): vote k
-- (from 1) of a packed vote_log row is at leaf node + 1 - k
INSERT INTO "vote_ids" ("prefix", "proposal_id", "batch_id", "node")
SELECT ('x' || encode(substring(l."message_ids" FROM k * 32 - 31 FOR 8), 'hex'))::bit(64)::int8, l."proposal_id", l."batch_id", l."node" + 1 - k
FROM "vote_log" l
JOIN "batches" b ON b."id" = l."batch_id" AND b."shard_key" = l."proposal_id"::text
JOIN "vote_watermarks" w ON w."proposal_id" = l."proposal_id"
CROSS JOIN LATERAL generate_series(1, length(l."message_ids") / 32) AS k
WHERE b."seq" <= w."seq";

-- The derived vote rows of intake_messages are now in vote_ids (votes written before the vote
-- log have no log row and keep theirs)
DELETE FROM "intake_messages" m
USING "vote_log" l
WHERE l."proposal_id" = m."shard_key" AND l."batch_id" = m."batch_id";

-- A re-vote updates its voter row in place (a HOT update: no new index entry) when its page has
-- room: new pages of votes keep a tenth free
ALTER TABLE "votes" SET (fillfactor = 90);
