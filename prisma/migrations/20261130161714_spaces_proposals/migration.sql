-- Spaces: voting-power source, voting-period bounds, who may propose, allowed voting types.
-- Proposals: a discussion link.
CREATE TYPE "power_source" AS ENUM ('token', 'campaign');

CREATE TYPE "proposers" AS ENUM ('admins', 'members');

ALTER TABLE "proposals" ADD COLUMN     "discussion_url" TEXT NOT NULL DEFAULT '';

ALTER TABLE "spaces" ADD COLUMN     "campaign_id" UUID,
ADD COLUMN     "max_voting_period" INTEGER NOT NULL DEFAULT 2592000,
ADD COLUMN     "min_voting_period" INTEGER NOT NULL DEFAULT 3600,
ADD COLUMN     "power_source" "power_source" NOT NULL DEFAULT 'token',
ADD COLUMN     "proposers" "proposers" NOT NULL DEFAULT 'admins',
ADD COLUMN     "voting_types" "voting_type"[] DEFAULT ARRAY['single_choice']::"voting_type"[];
