import type { Db } from '@/lib/db'

/** Airdrop campaigns an airdrop-backed space can take its voting power from: id and name, newest first. */
export async function listCampaignChoices(db: Db): Promise<{ id: string; name: string }[]> {
  return db.campaign.findMany({ orderBy: { createdAt: 'desc' }, select: { id: true, name: true }, take: 200 })
}
