-- The signed message of a vote is stored once, in its vote_log row (issue 14): the signature, and
-- signed, what the other columns lack to give back the message exactly: JSON [choices, weights]
-- plus an object with the voter and proposal as posted when they differ from the columns. New vote
-- batches keep an empty JSON array in batches.messages, and existing rows take theirs from it.

-- AlterTable
ALTER TABLE "vote_log" ADD COLUMN "signature" BYTEA,
ADD COLUMN "signed" TEXT;

UPDATE "vote_log" l
SET "signature" = decode(substring(e.value->>'signature' FROM 3), 'hex'),
    "signed" = json_build_array(e.value->'payload'->'choices', e.value->'payload'->'weights',
                                json_build_object('voter', e.value->'payload'->>'voter', 'proposal', e.value->'payload'->>'proposal'))::text
FROM "batches" b, json_array_elements(b."messages"::json) WITH ORDINALITY AS e(value, k)
WHERE b."id" = l."batch_id" AND b."kind" = 'vote' AND e.k = 2 * b."count" - 1 - l."node";

ALTER TABLE "vote_log" ALTER COLUMN "signature" SET NOT NULL,
ALTER COLUMN "signed" SET NOT NULL;
