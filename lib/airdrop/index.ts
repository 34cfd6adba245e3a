// Airdrop campaigns: proof serving, eligibility, export.
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
export type { ClaimProof, LoadServedCampaignParameters, ServedCampaign } from './load-served-campaign'
export { parseAccount } from './parse-account'
export { CLAIM_LEAF_ENCODING, COMPACT_TREE_FORMAT, eligibilityRequestSchema, MAX_ELIGIBILITY_ACCOUNTS } from './schema'
export { serveClaimProof } from './serve-claim-proof'
export type { ServeClaimProofParameters, ServeClaimProofReturnType } from './serve-claim-proof'
