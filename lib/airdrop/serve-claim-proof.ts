import type { Hex } from 'viem'
import type { Db } from '../db/types'
import { NotEligibleError } from './errors'
import { loadServedCampaign, servedCampaignNow } from './load-served-campaign'
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
  // a held tree answers with no promise in between (a microtask each): the common case
  const campaign = servedCampaignNow(campaignId) ?? (await loadServedCampaign(db, { campaignId }))
  const found = campaign.findAccount(lower)
  const valueIndex = typeof found === 'number' ? found : await found
  if (valueIndex < 0) throw new NotEligibleError(account, campaignId)
  const answer = campaign.claimBodyAt(valueIndex)
  const claim = answer instanceof Promise ? await answer : answer
  if (claim.account.toLowerCase() !== lower) throw new NotEligibleError(account, campaignId)
  return { index: claim.index, body: claim.json, root: campaign.root, immutable: campaign.live }
}
