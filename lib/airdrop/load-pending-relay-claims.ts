import type { Address, Hex } from 'viem'
import type { SqlQueryable } from '../db/types'
import { InvariantError } from '../errors'
import { loggedClaimSchema } from './schema'

export type PendingRelayClaim = {
  /** claims.id */
  id: string
  index: bigint
  account: Address
  amount: bigint
  to: Address
  deadline: bigint
  signature: Hex
}

export type LoadPendingRelayClaimsParameters = { campaignId: string; limit?: number }

/**
 * A campaign's pending gasless claims in index order, with the values their accounts signed read
 * from the intake log (the claim's `batches.messages` entry, found through `intake_messages`), not
 * from the `claims` row (whose deadline column is clamped to a timestamp).
 */
export async function loadPendingRelayClaims(
  sql: SqlQueryable,
  { campaignId, limit = 100_000 }: LoadPendingRelayClaimsParameters,
): Promise<PendingRelayClaim[]> {
  const { rows } = await sql.query<{ id: string; logged: unknown }>(
    `SELECT cl.id::text AS id, (b.messages::json -> (2 * b.count - 2 - m.node)) AS logged
     FROM claims cl
     JOIN intake_messages m ON m.id = decode(substring(cl.message_id FROM 3), 'hex')
     JOIN batches b ON b.id = m.batch_id
     WHERE cl.campaign_id = $1 AND cl.kind = 'gasless' AND cl.status = 'pending'
     ORDER BY cl.index
     LIMIT $2`,
    [campaignId, limit],
  )
  return rows.map((row) => {
    const parsed = loggedClaimSchema.safeParse(typeof row.logged === 'string' ? JSON.parse(row.logged) : row.logged)
    if (!parsed.success) throw new InvariantError(`claim ${row.id}: its intake log entry is not a signed Claim`, parsed.error)
    const { payload, signature } = parsed.data
    return {
      id: row.id,
      index: BigInt(payload.index),
      account: payload.account as Address,
      amount: BigInt(payload.amount),
      to: payload.to as Address,
      deadline: BigInt(payload.deadline),
      signature: signature as Hex,
    }
  })
}
