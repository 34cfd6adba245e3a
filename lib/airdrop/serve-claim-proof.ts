import type { Hex } from 'viem'
import type { Db } from '../db/types'
import { NotEligibleError } from './errors'
import { loadServedCampaign, type ClaimProof } from './load-served-campaign'
import { parseAccount } from './parse-account'

export type ServeClaimProofParameters = { campaignId: string; account: string }

export type ServeClaimProofReturnType = {
  claim: ClaimProof
  root: Hex
  /** The campaign is live on-chain: its tree, and so this answer, can never change. */
  immutable: boolean
}

/**
 * What the proof route answers: `getClaimProof`'s claim, plus the root (the ETag) and whether
 * the answer may be cached forever. Throws as `getClaimProof`.
 */
export async function serveClaimProof(db: Db, { campaignId, account }: ServeClaimProofParameters): Promise<ServeClaimProofReturnType> {
  const lower = parseAccount(account, 'address')
  const campaign = await loadServedCampaign(db, { campaignId })
  const valueIndex = await campaign.findAccount(lower)
  if (valueIndex < 0) throw new NotEligibleError(account, campaignId)
  const claim = await campaign.claimAt(valueIndex)
  if (claim.account.toLowerCase() !== lower) throw new NotEligibleError(account, campaignId)
  return { claim, root: campaign.root, immutable: campaign.live }
}
