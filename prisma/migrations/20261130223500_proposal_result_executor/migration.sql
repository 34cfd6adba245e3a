-- The executor a settled result binds: the audit export must not follow a later change of the space executor
ALTER TABLE "proposal_results" ADD COLUMN "executor" TEXT;
