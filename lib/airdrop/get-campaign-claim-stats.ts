import type { Db } from '../db/types'

export type CampaignClaimStats = {
  /** Signed (gasless) claims accepted and waiting for a relayer batch. */
  pendingGasless: number
  /** Relayed transactions, newest first: each `claimMany` with its claims' count and status. */
  relayTransactions: { txHash: string; claims: number; status: string; at: Date }[]
}

/**
 * Gasless claims of a campaign as the database has them.
 * TODO(air-core): show `listRelayBatches(db, { campaignId })` once it is on main.
 */
export async function getCampaignClaimStats(db: Db, { campaignId }: { campaignId: string }): Promise<CampaignClaimStats> {
  const [pendingGasless, transactions] = await Promise.all([
    db.claim.count({ where: { campaignId, kind: 'gasless', status: 'pending' } }),
    db.claim.groupBy({
      by: ['txHash', 'status'],
      where: { campaignId, kind: 'gasless', txHash: { not: null } },
      _count: { _all: true },
      _max: { updatedAt: true },
      orderBy: { _max: { updatedAt: 'desc' } },
      take: 50,
    }),
  ])
  return {
    pendingGasless,
    relayTransactions: transactions.map((row) => ({ txHash: row.txHash!, claims: row._count._all, status: row.status, at: row._max.updatedAt! })),
  }
}
