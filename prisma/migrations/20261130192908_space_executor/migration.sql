-- The contracts engineer adds the same columns (issue #12): keep one of the two migrations at merge.
-- AlterTable
ALTER TABLE "spaces" ADD COLUMN     "executor_address" TEXT,
ADD COLUMN     "guardian_address" TEXT,
ADD COLUMN     "timelock_address" TEXT;
