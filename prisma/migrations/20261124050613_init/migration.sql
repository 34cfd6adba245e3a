-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "campaign_status" AS ENUM ('draft', 'deploying', 'active', 'ended', 'clawed_back');

-- CreateEnum
CREATE TYPE "claim_kind" AS ENUM ('direct', 'gasless');

-- CreateEnum
CREATE TYPE "claim_status" AS ENUM ('pending', 'submitted', 'confirmed', 'failed');

-- CreateEnum
CREATE TYPE "voting_type" AS ENUM ('single_choice', 'approval', 'weighted');

-- CreateEnum
CREATE TYPE "proposal_state" AS ENUM ('pending', 'active', 'closed', 'settled', 'canceled');

-- CreateEnum
CREATE TYPE "settlement_status" AS ENUM ('pending', 'submitted', 'confirmed', 'failed');

-- CreateEnum
CREATE TYPE "risk_level" AS ENUM ('low', 'medium', 'high', 'critical');

-- CreateTable
CREATE TABLE "campaigns" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" TEXT NOT NULL,
    "chain_id" INTEGER NOT NULL,
    "token_address" TEXT NOT NULL,
    "distributor_address" TEXT,
    "merkle_root" TEXT,
    "total_amount" DECIMAL(78,0) NOT NULL DEFAULT 0,
    "recipient_count" INTEGER NOT NULL DEFAULT 0,
    "start_at" TIMESTAMPTZ(3),
    "end_at" TIMESTAMPTZ(3),
    "status" "campaign_status" NOT NULL DEFAULT 'draft',
    "created_by" TEXT,
    "deploy_tx_hash" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "campaigns_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "allocations" (
    "campaign_id" UUID NOT NULL,
    "index" INTEGER NOT NULL,
    "account" TEXT NOT NULL,
    "amount" DECIMAL(78,0) NOT NULL,

    CONSTRAINT "allocations_pkey" PRIMARY KEY ("campaign_id","index")
);

-- CreateTable
CREATE TABLE "campaign_trees" (
    "campaign_id" UUID NOT NULL,
    "format" TEXT NOT NULL,
    "leaf_types" TEXT[],
    "root" TEXT NOT NULL,
    "leaf_count" INTEGER NOT NULL,
    "layers" BYTEA NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "campaign_trees_pkey" PRIMARY KEY ("campaign_id")
);

-- CreateTable
CREATE TABLE "claims" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "campaign_id" UUID NOT NULL,
    "index" INTEGER NOT NULL,
    "account" TEXT NOT NULL,
    "to" TEXT NOT NULL,
    "amount" DECIMAL(78,0) NOT NULL,
    "kind" "claim_kind" NOT NULL DEFAULT 'gasless',
    "message_id" TEXT,
    "signature" TEXT,
    "deadline" TIMESTAMPTZ(3),
    "status" "claim_status" NOT NULL DEFAULT 'pending',
    "tx_hash" TEXT,
    "batch_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "claims_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "spaces" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "about" TEXT NOT NULL DEFAULT '',
    "chain_id" INTEGER NOT NULL,
    "token_address" TEXT NOT NULL,
    "voting_delay" INTEGER NOT NULL DEFAULT 0,
    "voting_period" INTEGER NOT NULL,
    "quorum" DECIMAL(78,0) NOT NULL DEFAULT 0,
    "proposal_threshold" DECIMAL(78,0) NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "spaces_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "proposals" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "space_id" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL DEFAULT '',
    "author" TEXT NOT NULL,
    "choices" TEXT[],
    "voting_type" "voting_type" NOT NULL DEFAULT 'single_choice',
    "snapshot_block" BIGINT NOT NULL,
    "start_at" TIMESTAMPTZ(3) NOT NULL,
    "end_at" TIMESTAMPTZ(3) NOT NULL,
    "state" "proposal_state" NOT NULL DEFAULT 'pending',
    "actions" JSONB NOT NULL DEFAULT '[]',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "proposals_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "votes" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "proposal_id" UUID NOT NULL,
    "voter" TEXT NOT NULL,
    "choice" JSONB NOT NULL,
    "reason" TEXT NOT NULL DEFAULT '',
    "voting_power" DECIMAL(78,0) NOT NULL,
    "timestamp" TIMESTAMPTZ(3) NOT NULL,
    "message_id" TEXT NOT NULL,
    "signature" TEXT NOT NULL,
    "batch_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "votes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "batches" (
    "id" SERIAL NOT NULL,
    "shard" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "root" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "checkpoint_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "batches_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "checkpoints" (
    "id" SERIAL NOT NULL,
    "seq" INTEGER NOT NULL,
    "root" TEXT NOT NULL,
    "from_batch_id" INTEGER NOT NULL,
    "to_batch_id" INTEGER NOT NULL,
    "batch_count" INTEGER NOT NULL,
    "tx_hash" TEXT,
    "status" "settlement_status" NOT NULL DEFAULT 'pending',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "confirmed_at" TIMESTAMPTZ(3),

    CONSTRAINT "checkpoints_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "proposal_results" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "proposal_id" UUID NOT NULL,
    "votes_root" TEXT NOT NULL,
    "tally_hash" TEXT NOT NULL,
    "vote_count" INTEGER NOT NULL,
    "scores" JSONB NOT NULL DEFAULT '[]',
    "tx_hash" TEXT,
    "status" "settlement_status" NOT NULL DEFAULT 'pending',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "confirmed_at" TIMESTAMPTZ(3),

    CONSTRAINT "proposal_results_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "analyses" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "proposal_id" UUID NOT NULL,
    "provider" TEXT NOT NULL,
    "model" TEXT,
    "risk_score" INTEGER NOT NULL,
    "level" "risk_level" NOT NULL,
    "summary" JSONB NOT NULL,
    "findings" JSONB NOT NULL DEFAULT '[]',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "analyses_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "admin_sessions" (
    "token_hash" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "chain_id" INTEGER NOT NULL,
    "nonce" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "admin_sessions_pkey" PRIMARY KEY ("token_hash")
);

-- CreateIndex
CREATE INDEX "campaigns_chain_id_distributor_address_idx" ON "campaigns"("chain_id", "distributor_address");

-- CreateIndex
CREATE INDEX "allocations_campaign_id_account_idx" ON "allocations"("campaign_id", "account");

-- CreateIndex
CREATE UNIQUE INDEX "claims_message_id_key" ON "claims"("message_id");

-- CreateIndex
CREATE INDEX "claims_campaign_id_account_idx" ON "claims"("campaign_id", "account");

-- CreateIndex
CREATE INDEX "claims_status_campaign_id_idx" ON "claims"("status", "campaign_id");

-- CreateIndex
CREATE INDEX "claims_batch_id_idx" ON "claims"("batch_id");

-- CreateIndex
CREATE UNIQUE INDEX "claims_campaign_id_index_key" ON "claims"("campaign_id", "index");

-- CreateIndex
CREATE UNIQUE INDEX "spaces_slug_key" ON "spaces"("slug");

-- CreateIndex
CREATE INDEX "proposals_state_end_at_idx" ON "proposals"("state", "end_at");

-- CreateIndex
CREATE UNIQUE INDEX "proposals_space_id_number_key" ON "proposals"("space_id", "number");

-- CreateIndex
CREATE UNIQUE INDEX "votes_message_id_key" ON "votes"("message_id");

-- CreateIndex
CREATE INDEX "votes_voter_idx" ON "votes"("voter");

-- CreateIndex
CREATE INDEX "votes_batch_id_idx" ON "votes"("batch_id");

-- CreateIndex
CREATE UNIQUE INDEX "votes_proposal_id_voter_key" ON "votes"("proposal_id", "voter");

-- CreateIndex
CREATE INDEX "batches_checkpoint_id_idx" ON "batches"("checkpoint_id");

-- CreateIndex
CREATE UNIQUE INDEX "batches_shard_seq_key" ON "batches"("shard", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "checkpoints_seq_key" ON "checkpoints"("seq");

-- CreateIndex
CREATE UNIQUE INDEX "proposal_results_proposal_id_key" ON "proposal_results"("proposal_id");

-- CreateIndex
CREATE INDEX "analyses_proposal_id_created_at_idx" ON "analyses"("proposal_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "admin_sessions_nonce_key" ON "admin_sessions"("nonce");

-- CreateIndex
CREATE INDEX "admin_sessions_expires_at_idx" ON "admin_sessions"("expires_at");

-- AddForeignKey
ALTER TABLE "allocations" ADD CONSTRAINT "allocations_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "campaign_trees" ADD CONSTRAINT "campaign_trees_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "claims" ADD CONSTRAINT "claims_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "claims" ADD CONSTRAINT "claims_batch_id_fkey" FOREIGN KEY ("batch_id") REFERENCES "batches"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_space_id_fkey" FOREIGN KEY ("space_id") REFERENCES "spaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "votes" ADD CONSTRAINT "votes_proposal_id_fkey" FOREIGN KEY ("proposal_id") REFERENCES "proposals"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "votes" ADD CONSTRAINT "votes_batch_id_fkey" FOREIGN KEY ("batch_id") REFERENCES "batches"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "batches" ADD CONSTRAINT "batches_checkpoint_id_fkey" FOREIGN KEY ("checkpoint_id") REFERENCES "checkpoints"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "proposal_results" ADD CONSTRAINT "proposal_results_proposal_id_fkey" FOREIGN KEY ("proposal_id") REFERENCES "proposals"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "analyses" ADD CONSTRAINT "analyses_proposal_id_fkey" FOREIGN KEY ("proposal_id") REFERENCES "proposals"("id") ON DELETE CASCADE ON UPDATE CASCADE;
