-- CreateEnum
CREATE TYPE "relay_batch_status" AS ENUM ('submitted', 'confirmed', 'failed');

-- CreateTable
CREATE TABLE "relay_batches" (
    "id" SERIAL NOT NULL,
    "campaign_id" UUID NOT NULL,
    "chain_id" INTEGER NOT NULL,
    "relayer" TEXT NOT NULL,
    "nonce" INTEGER NOT NULL,
    "tx_hash" TEXT NOT NULL,
    "raw_transaction" TEXT NOT NULL,
    "status" "relay_batch_status" NOT NULL DEFAULT 'submitted',
    "claim_ids" UUID[],
    "claim_count" INTEGER NOT NULL,
    "paid_count" INTEGER,
    "already_claimed_count" INTEGER,
    "released_count" INTEGER,
    "released" JSONB,
    "gas_used" DECIMAL(78,0),
    "block_number" DECIMAL(78,0),
    "error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "confirmed_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "relay_batches_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "relay_batches_tx_hash_key" ON "relay_batches"("tx_hash");

-- CreateIndex
CREATE INDEX "relay_batches_campaign_id_created_at_idx" ON "relay_batches"("campaign_id", "created_at");

-- CreateIndex
CREATE INDEX "relay_batches_status_idx" ON "relay_batches"("status");

-- AddForeignKey
ALTER TABLE "relay_batches" ADD CONSTRAINT "relay_batches_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE CASCADE ON UPDATE CASCADE;
