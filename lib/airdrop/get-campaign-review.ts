import type { Db } from '../db/types'

export type CampaignReview = {
  /** The ten largest allocations, amounts in base units. */
  largest: { index: number; account: string; amount: string }[]
  /** Recipients per order of magnitude of the amount in base units: `[10^exponent, 10^(exponent+1))`. */
  histogram: { exponent: number; recipients: number }[]
}

/** What the admin checks before deploying: the largest allocations and the spread of sizes. */
export async function getCampaignReview(db: Db, { campaignId }: { campaignId: string }): Promise<CampaignReview> {
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
