import type { PublicClient } from 'viem'
import type { Db } from '@/lib/db'
import { deployedCampaignWhere, toCampaignView, type CampaignView } from './campaign-view'
import { readTokenMetadata } from './read-token-metadata'

export type ListLiveCampaignsParameters = {
  /** Reads each campaign token's symbol and decimals. */
  publicClient: Pick<PublicClient, 'readContract'>
  /** Default: the current time. */
  now?: Date
}

export type ListLiveCampaignsReturnType = CampaignView[]

/**
 * Deployed campaigns whose claim window has not closed (open now or opening later), the soonest to
 * close first: what `/claim` lists.
 */
export async function listLiveCampaigns(db: Db, { publicClient, now = new Date() }: ListLiveCampaignsParameters): Promise<ListLiveCampaignsReturnType> {
  const rows = await db.campaign.findMany({
    where: { ...deployedCampaignWhere, status: 'active', OR: [{ endAt: null }, { endAt: { gt: now } }] },
    orderBy: [{ endAt: { sort: 'asc', nulls: 'last' } }, { createdAt: 'asc' }],
  })
  return await Promise.all(
    rows.map(async (row) => toCampaignView(row, await readTokenMetadata(publicClient, { token: row.tokenAddress as `0x${string}` }), now)),
  )
}
