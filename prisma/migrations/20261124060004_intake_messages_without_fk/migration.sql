-- DropForeignKey
ALTER TABLE "intake_messages" DROP CONSTRAINT "intake_messages_batch_id_fkey";
