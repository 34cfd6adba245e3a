-- AlterTable
ALTER TABLE "campaigns" ADD COLUMN     "allocation_review" JSONB;
