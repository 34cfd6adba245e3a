import type { Db } from '../db/types'
import { NotEligibleError } from './errors'
import { loadServedCampaign, servedCampaignNow, type ClaimProof } from './load-served-campaign'
import { parseAccount } from './parse-account'

export type GetClaimProofParameters = {
  campaignId: string
  /** Any letter case. */
  account: string
}

/** `{ index, account (EIP-55), amount (token base units), proof (sibling hashes, leaf to root) }`. */
export type GetClaimProofReturnType = ClaimProof

/**
 * An account's claim in a campaign, served from the stored compact tree (no rebuild).
 * Throws `InvalidAccountError` (422, field `address`), `NotEligibleError`, `CampaignNotFoundError`
 * or `CampaignTreeNotReadyError` (404).
 */
export async function getClaimProof(db: Db, { campaignId, account }: GetClaimProofParameters): Promise<GetClaimProofReturnType> {
  const lower = parseAccount(account, 'address')
  // a held tree answers with no promise in between (a microtask each): the common case
  const campaign = servedCampaignNow(campaignId) ?? (await loadServedCampaign(db, { campaignId }))
  const found = campaign.findAccount(lower)
  const valueIndex = typeof found === 'number' ? found : await found
  if (valueIndex < 0) throw new NotEligibleError(account, campaignId)
  const answer = campaign.claimAt(valueIndex)
  const claim = answer instanceof Promise ? await answer : answer
  if (claim.account.toLowerCase() !== lower) throw new NotEligibleError(account, campaignId)
  return claim
}
