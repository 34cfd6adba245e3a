import type { Hex } from 'viem'
import type { Db } from '../db/types'
import { NotEligibleError } from './errors'
import { loadServedCampaign } from './load-served-campaign'
import { parseAccount } from './parse-account'

export type ServeClaimProofParameters = { campaignId: string; account: string }

export type ServeClaimProofReturnType = {
  /** The claim's index (the ETag's suffix). */
  index: number
  /** `{ index, account (EIP-55), amount (decimal string, base units), proof }` as JSON text. */
  body: string
  root: Hex
  /** The campaign is live on-chain: its tree, and so this answer, can never change. */
  immutable: boolean
}

/**
 * What the proof route answers: `getClaimProof`'s claim as JSON text, plus the root (the ETag)
 * and whether the answer may be cached forever. Throws as `getClaimProof`.
 */
export async function serveClaimProof(db: Db, { campaignId, account }: ServeClaimProofParameters): Promise<ServeClaimProofReturnType> {
  const lower = parseAccount(account, 'address')
  const campaign = await loadServedCampaign(db, { campaignId })
  const valueIndex = await campaign.findAccount(lower)
  if (valueIndex < 0) throw new NotEligibleError(account, campaignId)
  const claim = await campaign.claimBodyAt(valueIndex)
  if (claim.account.toLowerCase() !== lower) throw new NotEligibleError(account, campaignId)
  return { index: claim.index, body: claim.json, root: campaign.root, immutable: campaign.live }
}
