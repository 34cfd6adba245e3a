import type { PublicClient } from 'viem'
import type { Db } from '@/lib/db'
import { NotFoundError } from '@/lib/errors'
import { deployedCampaignWhere, toCampaignView, type CampaignView } from './campaign-view'
import { readTokenMetadata } from './read-token-metadata'

export type GetLiveCampaignOrThrowParameters = {
  /** The campaign's id (uuid). */
  id: string
  /** Reads the token's symbol and decimals. */
  publicClient: Pick<PublicClient, 'readContract'>
  /** Default: the current time (decides `phase`). */
  now?: Date
}

export type GetLiveCampaignOrThrowReturnType = CampaignView

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * One deployed campaign with its token, distributor, root and window.
 * Throws `NotFoundError` when no deployed campaign has this id (drafts are not shown to recipients).
 */
export async function getLiveCampaignOrThrow(db: Db, { id, publicClient, now = new Date() }: GetLiveCampaignOrThrowParameters): Promise<GetLiveCampaignOrThrowReturnType> {
  const row = uuid.test(id) ? await db.campaign.findFirst({ where: { id, ...deployedCampaignWhere } }) : null
  if (!row) throw new NotFoundError(`No campaign ${id}.`, { field: 'id' })
  return toCampaignView(row, await readTokenMetadata(publicClient, { token: row.tokenAddress as `0x${string}` }), now)
}
