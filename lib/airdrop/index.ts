// Airdrop campaigns: proof serving, eligibility, export.
export { answerClaimProof } from './answer-claim-proof'
export type { AnswerClaimProofParameters, AnswerClaimProofReturnType } from './answer-claim-proof'
export { checkEligibility } from './check-eligibility'
export type { CheckEligibilityParameters, CheckEligibilityReturnType, Eligibility } from './check-eligibility'
export { datasetJsonChunks } from './dataset-json-chunks'
export type { DatasetSource } from './dataset-json-chunks'
export {
  CampaignNotFoundError,
  CampaignTreeNotReadyError,
  InvalidAccountError,
  InvalidAirdropRequestError,
  NotEligibleError,
  UnservableCampaignTreeError,
} from './errors'
export { exportCampaign } from './export-campaign'
export type { ExportCampaignParameters, ExportCampaignReturnType, ProofChunk } from './export-campaign'
export { getClaimProof } from './get-claim-proof'
export type { GetClaimProofParameters, GetClaimProofReturnType } from './get-claim-proof'
export { hashDataset } from './hash-dataset'
export { loadServedCampaign, serveCompactTree } from './load-served-campaign'
export type { ClaimBody, ClaimProof, LoadServedCampaignParameters, ServedCampaign } from './load-served-campaign'
export { parseAccount } from './parse-account'
export { CLAIM_LEAF_ENCODING, COMPACT_TREE_FORMAT, eligibilityRequestSchema, MAX_ELIGIBILITY_ACCOUNTS } from './schema'
export { serveClaimProof } from './serve-claim-proof'
export type { ServeClaimProofParameters, ServeClaimProofReturnType } from './serve-claim-proof'
// The claim portal: campaigns as recipients see them, and the gasless claims they follow.
export { deployedCampaignWhere, phaseOf } from './campaign-view'
export type { CampaignPhase, CampaignView } from './campaign-view'
export { getCampaignOrThrow } from './get-campaign-or-throw'
export { getLiveCampaignOrThrow } from './get-live-campaign-or-throw'
export type { GetLiveCampaignOrThrowParameters, GetLiveCampaignOrThrowReturnType } from './get-live-campaign-or-throw'
export { getGaslessClaimOrThrow } from './get-gasless-claim-or-throw'
export type { GetGaslessClaimOrThrowParameters, GetGaslessClaimOrThrowReturnType } from './get-gasless-claim-or-throw'
export { listCampaignsForAccount } from './list-campaigns-for-account'
export type { AccountAllocation, ListCampaignsForAccountParameters, ListCampaignsForAccountReturnType } from './list-campaigns-for-account'
export { listLiveCampaigns } from './list-live-campaigns'
export type { ListLiveCampaignsParameters, ListLiveCampaignsReturnType } from './list-live-campaigns'
export { readTokenMetadata } from './read-token-metadata'
export type { ReadTokenMetadataParameters, TokenMetadata } from './read-token-metadata'
export { ClaimSubmissionError, submitGaslessClaim } from './submit-gasless-claim'
export type { SubmitGaslessClaimParameters, SubmitGaslessClaimReturnType } from './submit-gasless-claim'
