import type { Db } from '../db/types'
import type { Campaign } from '../../prisma/generated/client'
import { CampaignNotFoundError } from './errors'

/** A campaign by id, or `CampaignNotFoundError` (404); a malformed id is not found too. */
export async function getCampaignOrThrow(db: Db, { campaignId }: { campaignId: string }): Promise<Campaign> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(campaignId)) throw new CampaignNotFoundError(campaignId)
  const campaign = await db.campaign.findUnique({ where: { id: campaignId } })
  if (!campaign) throw new CampaignNotFoundError(campaignId)
  return campaign
}
