-- CreateTable
CREATE TABLE "intake_messages" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "shard_key" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "signer" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "signature" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "batch_id" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "intake_messages_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "intake_messages_batch_id_idx" ON "intake_messages"("batch_id");

-- AddForeignKey
ALTER TABLE "intake_messages" ADD CONSTRAINT "intake_messages_batch_id_fkey" FOREIGN KEY ("batch_id") REFERENCES "batches"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
