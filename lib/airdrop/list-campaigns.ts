import type { Db } from '../db/types'

export type CampaignListItem = {
  id: string
  name: string
  status: string
  importStatus: string
  tokenSymbol: string | null
  tokenDecimals: number | null
  recipientCount: number
  /** Base units. */
  totalAmount: string
  startAt: Date | null
  endAt: Date | null
}

/** Every campaign, newest first, for the admin dashboard. */
export async function listCampaigns(db: Db, { take = 50 }: { take?: number } = {}): Promise<CampaignListItem[]> {
  const rows = await db.campaign.findMany({
    orderBy: { createdAt: 'desc' },
    take,
    select: {
      id: true,
      name: true,
      status: true,
      importStatus: true,
      tokenSymbol: true,
      tokenDecimals: true,
      recipientCount: true,
      totalAmount: true,
      startAt: true,
      endAt: true,
    },
  })
  return rows.map((row) => ({ ...row, totalAmount: row.totalAmount.toFixed(0) }))
}
