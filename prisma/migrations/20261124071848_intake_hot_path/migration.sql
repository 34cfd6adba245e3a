-- DropForeignKey
ALTER TABLE "claims" DROP CONSTRAINT "claims_batch_id_fkey";

-- DropForeignKey
ALTER TABLE "claims" DROP CONSTRAINT "claims_campaign_id_fkey";

-- DropForeignKey
ALTER TABLE "votes" DROP CONSTRAINT "votes_batch_id_fkey";

-- DropForeignKey
ALTER TABLE "votes" DROP CONSTRAINT "votes_proposal_id_fkey";

-- DropIndex
DROP INDEX "votes_batch_id_idx";

-- DropIndex
DROP INDEX "votes_message_id_key";

-- DropIndex
DROP INDEX "votes_proposal_id_voter_key";

-- DropIndex
DROP INDEX "votes_voter_idx";

-- AlterTable
ALTER TABLE "votes" DROP CONSTRAINT "votes_pkey",
DROP COLUMN "id",
ADD CONSTRAINT "votes_pkey" PRIMARY KEY ("proposal_id", "voter");


-- What the dropped foreign keys did on delete, once per deleted proposal or campaign instead of a
-- referential check per inserted vote or claim. (Inserts are checked once per batch instead: the
-- intake's batch transaction locks its proposals or campaigns FOR KEY SHARE.) Rules rather than
-- trigger functions: the migration runner splits scripts at every semicolon, and a rule has none.
CREATE RULE "proposals_delete_votes" AS ON DELETE TO "proposals" DO ALSO DELETE FROM "votes" WHERE "votes"."proposal_id" = OLD."id";

CREATE RULE "campaigns_delete_claims" AS ON DELETE TO "campaigns" DO ALSO DELETE FROM "claims" WHERE "claims"."campaign_id" = OLD."id";
