-- The six voting types (issue 11) and approval's maximum number of picks.
-- Written to be idempotent (IF NOT EXISTS): gov-ui's branch adds the same enum values and column,
-- so whichever of the two migrations runs second is a no-op instead of an error.
ALTER TYPE "voting_type" ADD VALUE IF NOT EXISTS 'basic';
ALTER TYPE "voting_type" ADD VALUE IF NOT EXISTS 'quadratic';
ALTER TYPE "voting_type" ADD VALUE IF NOT EXISTS 'ranked_choice';

-- AlterTable
ALTER TABLE "proposals" ADD COLUMN IF NOT EXISTS "max_picks" INTEGER;
