import type { Address } from 'viem'
import type { Db } from '../db/types'
import { checksumAddress } from '../merkle/keccak'
import { InvalidAirdropRequestError } from './errors'
import { loadServedCampaign } from './load-served-campaign'
import { parseAccount } from './parse-account'
import { MAX_ELIGIBILITY_ACCOUNTS } from './schema'

export type CheckEligibilityParameters = {
  campaignId: string
  /** 1 to 1,000 addresses, any letter case. */
  accounts: readonly unknown[]
}

export type Eligibility =
  | { account: Address; eligible: true; index: number; amount: bigint }
  | { account: Address; eligible: false }

/** One answer per address asked, in the order asked (EIP-55 addresses; amounts in token base units). */
export type CheckEligibilityReturnType = Eligibility[]

/**
 * Which of up to 1,000 addresses hold an allocation in the campaign, and how much: how a Safe or
 * any multisig checks without connecting. Throws `InvalidAccountError` naming `accounts.<i>` for
 * the first malformed address, `InvalidAirdropRequestError` (field `accounts`) for none or too many,
 * `CampaignNotFoundError` / `CampaignTreeNotReadyError` (404).
 */
export async function checkEligibility(db: Db, { campaignId, accounts }: CheckEligibilityParameters): Promise<CheckEligibilityReturnType> {
  if (accounts.length === 0 || accounts.length > MAX_ELIGIBILITY_ACCOUNTS) {
    throw new InvalidAirdropRequestError('accounts', `give 1 to ${MAX_ELIGIBILITY_ACCOUNTS} addresses (got ${accounts.length})`)
  }
  const lower = accounts.map((account, i) => parseAccount(account, `accounts.${i}`))
  const campaign = await loadServedCampaign(db, { campaignId })
  return Promise.all(
    lower.map(async (account): Promise<Eligibility> => {
      const valueIndex = await campaign.findAccount(account)
      const claim = valueIndex < 0 ? undefined : await campaign.claimAt(valueIndex)
      if (!claim || claim.account.toLowerCase() !== account) return { account: checksumAddress(account) as Address, eligible: false }
      return { account: claim.account, eligible: true, index: claim.index, amount: claim.amount }
    }),
  )
}
