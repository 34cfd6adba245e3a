import type { Db } from '../db/types'

export type ListRelayBatchesParameters = { campaignId: string; /** Newest first; default 50. */ limit?: number }

export type RelayBatchListItem = {
  id: number
  txHash: string
  status: 'submitted' | 'confirmed' | 'failed'
  claimCount: number
  /** Null until the receipt is in. */
  paidCount: number | null
  /** Skipped because the index was claimed directly on chain. */
  alreadyClaimedCount: number | null
  /** Skipped for another reason; those claims were released for a new signature. */
  releasedCount: number | null
  /** Gas used by the transaction (units of gas, not wei), once mined. */
  gasUsed: bigint | null
  blockNumber: bigint | null
  error: string | null
  createdAt: Date
  confirmedAt: Date | null
}

/** A campaign's relay batches, newest first, for its admin page. */
export async function listRelayBatches(db: Db, { campaignId, limit = 50 }: ListRelayBatchesParameters): Promise<RelayBatchListItem[]> {
  const rows = await db.relayBatch.findMany({
    where: { campaignId },
    orderBy: { id: 'desc' },
    take: limit,
    select: {
      id: true,
      txHash: true,
      status: true,
      claimCount: true,
      paidCount: true,
      alreadyClaimedCount: true,
      releasedCount: true,
      gasUsed: true,
      blockNumber: true,
      error: true,
      createdAt: true,
      confirmedAt: true,
    },
  })
  return rows.map((row) => ({
    ...row,
    gasUsed: row.gasUsed === null ? null : BigInt(row.gasUsed.toFixed(0)),
    blockNumber: row.blockNumber === null ? null : BigInt(row.blockNumber.toFixed(0)),
  }))
}
