import { getAddress, isAddress, type Address, type PublicClient } from 'viem'
import type { Db } from '@/lib/db'
import { ValidationError } from '@/lib/errors'
import { deployedCampaignWhere, toCampaignView, type CampaignView } from './campaign-view'
import { readTokenMetadata } from './read-token-metadata'

export type ListCampaignsForAccountParameters = {
  /** Any letter case; checksums are not enforced (people paste lowercase addresses). */
  account: string
  publicClient: Pick<PublicClient, 'readContract'>
  now?: Date
}

export type AccountAllocation = {
  campaign: CampaignView
  /** The leaf's index in the campaign's tree. */
  index: number
  account: Address
  /** In the token's base units. */
  amount: bigint
}

export type ListCampaignsForAccountReturnType = AccountAllocation[]

/**
 * Every deployed campaign `account` has an allocation in (live, upcoming and ended), newest first.
 * Throws `ValidationError` (field `account`) when it is not a 20-byte 0x-hex address.
 */
export async function listCampaignsForAccount(
  db: Db,
  { account, publicClient, now = new Date() }: ListCampaignsForAccountParameters,
): Promise<ListCampaignsForAccountReturnType> {
  const trimmed = account.trim()
  if (!isAddress(trimmed, { strict: false })) throw new ValidationError('Enter an address: 0x followed by 40 hex characters.', { field: 'account' })
  const rows = await db.allocation.findMany({
    where: { account: trimmed.toLowerCase(), campaign: deployedCampaignWhere },
    include: { campaign: true },
    orderBy: { campaign: { createdAt: 'desc' } },
  })
  return await Promise.all(
    rows.map(async (row) => ({
      campaign: toCampaignView(row.campaign, await readTokenMetadata(publicClient, { token: row.campaign.tokenAddress as Address }), now),
      index: row.index,
      account: getAddress(row.account),
      amount: BigInt(row.amount.toFixed()),
    })),
  )
}
