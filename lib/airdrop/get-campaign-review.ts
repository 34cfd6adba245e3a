import type { Db } from '../db/types'
import { storedAllocationReviewSchema } from './schema'

export type CampaignReview = {
  /** The ten largest allocations (amount descending, ties by index), amounts in base units. */
  largest: { index: number; account: string; amount: string }[]
  /** Recipients per order of magnitude of the amount in base units: `[10^exponent, 10^(exponent+1))`. */
  histogram: { exponent: number; recipients: number }[]
}

export type GetCampaignReviewParameters = {
  campaignId: string
  /** The campaign row's `allocationReview`: what the import stored (`summarizeAllocations`), or null. */
  stored: unknown
}

/**
 * What the admin checks before deploying: the largest allocations and the spread of sizes. Read
 * from what the import stored with the campaign; a campaign imported before that was stored
 * (null, or an unknown version) is answered by two queries over its allocations (seconds at 1M).
 */
export async function getCampaignReview(db: Db, { campaignId, stored }: GetCampaignReviewParameters): Promise<CampaignReview> {
  const saved = storedAllocationReviewSchema.safeParse(stored)
  if (saved.success) return { largest: saved.data.largest, histogram: saved.data.histogram }
  return queryCampaignReview(db, { campaignId })
}

/** The review's figures from the allocations themselves: the reference `summarizeAllocations` matches. */
export async function queryCampaignReview(db: Db, { campaignId }: { campaignId: string }): Promise<CampaignReview> {
  const [largest, histogram] = await Promise.all([
    db.$queryRaw<{ index: number; account: string; amount: string }[]>`
      SELECT index, account, amount::text AS amount FROM allocations
      WHERE campaign_id = ${campaignId}::uuid ORDER BY allocations.amount DESC, index LIMIT 10`,
    db.$queryRaw<{ exponent: number; recipients: bigint }[]>`
      SELECT (length(amount::text) - 1)::int AS exponent, count(*) AS recipients FROM allocations
      WHERE campaign_id = ${campaignId}::uuid GROUP BY 1 ORDER BY 1`,
  ])
  return {
    largest: largest.map((row) => ({ index: Number(row.index), account: row.account, amount: row.amount })),
    histogram: histogram.map((row) => ({ exponent: Number(row.exponent), recipients: Number(row.recipients) })),
  }
}
