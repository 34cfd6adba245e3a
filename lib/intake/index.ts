export { buildBatchTree, shardNumberOf, BATCH_LEAF_ENCODING, type BatchTree } from './batch-tree'
export { ALLOCATION_LEAF_ENCODING, CLAIM_DOMAIN, claimTypes, createClaimMessageType, type ClaimCampaign, type ClaimEligibility, type ClaimRow } from './claim-message'
export { createClaimEligibility, type CreateClaimEligibilityParameters } from './create-claim-eligibility'
export { createIntakeEngine, type CreateIntakeEngineParameters, type IntakeEngine, type SubmitOutcome } from './create-intake-engine'
export { createVoteEligibility, type CreateVoteEligibilityParameters } from './create-vote-eligibility'
export {
  IntakeClosedError,
  InvalidMessageError,
  InvalidSignatureError,
  KeyConflictError,
  NotEligibleError,
  OverloadedError,
  PayloadTooLargeError,
  UnknownTargetError,
  WindowClosedError,
  WindowNotOpenError,
} from './errors'
export { getIntakeEngine } from './get-intake-engine'
export { getReceipt, type GetReceiptParameters, type GetReceiptReturnType } from './get-receipt'
export {
  countedVotes,
  createVoteMaterializer,
  materializeVotes,
  type LoggedVote,
  type MaterializeVotesParameters,
  type MaterializeVotesReturnType,
  type VoteMaterializer,
} from './materialize-votes'
export { isValidContractSignature, type IsValidContractSignatureParameters } from './is-valid-contract-signature'
export { respondToSubmit } from './respond-to-submit'
export { MAX_BODY_BYTES, MAX_MESSAGES_PER_REQUEST, claimInputSchema, voteInputSchema, type ClaimInput, type VoteInput } from './schema'
export type { AnyMessageType, BatchReceipt, MessageStatus, MessageType, SubmitResult, VerifiedMessage, VerifyContext } from './types'
export { createVerifierPool, resolveVerifierWorkerPath, type CreateVerifierPoolParameters, type VerifierPool } from './verifier-pool'
export { applyVotesInTransaction, createVoteMessageType, VOTE_CLOCK_SKEW, VOTE_DOMAIN, voteTypes, type VoteEligibility, type VoteProposal, type VoteRow } from './vote-message'
export { isLogType, writeBatches, type ShardMessages, type WriteOutcome } from './write-batch'
