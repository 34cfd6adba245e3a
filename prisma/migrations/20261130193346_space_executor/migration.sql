-- AlterTable
ALTER TABLE "spaces" ADD COLUMN     "executor_address" TEXT,
ADD COLUMN     "guardian_address" TEXT,
ADD COLUMN     "timelock_address" TEXT;
