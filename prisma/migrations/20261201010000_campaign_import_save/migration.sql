-- AlterTable
ALTER TABLE "campaigns" ADD COLUMN     "import_save" JSONB;
