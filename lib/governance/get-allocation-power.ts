import type { SqlQueryable } from '../db/types'

export type GetAllocationPowerParameters = { campaignId: string; accounts: readonly string[] }

/**
 * Voting power of an airdrop-backed space: each account's allocated amount in the campaign
 * (base units; the sum if it has several indices; 0 if none), in the order of `accounts`.
 * Claimed or not: a freshly airdropped community votes before claiming. One query (addresses are
 * stored lowercase, so the (campaign, account) index serves it).
 */
export async function getAllocationPower(sql: SqlQueryable, { campaignId, accounts }: GetAllocationPowerParameters): Promise<bigint[]> {
  const lower = accounts.map((a) => a.toLowerCase())
  const { rows } = await sql.query<{ account: string; amount: string }>(
    'SELECT account, sum(amount)::text AS amount FROM allocations WHERE campaign_id = $1::uuid AND account = ANY($2::text[]) GROUP BY 1',
    [campaignId, lower],
  )
  const byAccount = new Map(rows.map((row) => [row.account, BigInt(row.amount)]))
  return lower.map((account) => byAccount.get(account) ?? 0n)
}
