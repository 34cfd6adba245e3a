-- PRIVATE STAND-IN for gov-core's migration (six voting types, proposals.max_picks), so gov-ui can
-- seed and test before gov-core's branch reaches main. Idempotent: delete this folder when gov-core's
-- migration is merged (it adds the same values and column).
ALTER TYPE "voting_type" ADD VALUE IF NOT EXISTS 'basic';
ALTER TYPE "voting_type" ADD VALUE IF NOT EXISTS 'quadratic';
ALTER TYPE "voting_type" ADD VALUE IF NOT EXISTS 'ranked_choice';
ALTER TABLE "proposals" ADD COLUMN IF NOT EXISTS "max_picks" INTEGER;
