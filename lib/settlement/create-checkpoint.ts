import type { SqlClient } from '../db/types'
import { buildCheckpointTree } from './checkpoint-tree'

export type CreateCheckpointParameters = {
  /** At most this many batches in one checkpoint. Default 100 000. */
  maxBatches?: number
}

export type CreateCheckpointReturnType = { id: number; seq: number; root: string; fromBatchId: number; toBatchId: number; batchCount: number } | null

/**
 * Records a checkpoint (status pending) over every batch not yet in one, in batch id order:
 * a Merkle root of (batch id, batch root). Null when there is nothing new.
 */
export async function createCheckpoint(sql: SqlClient, { maxBatches = 100_000 }: CreateCheckpointParameters = {}): Promise<CreateCheckpointReturnType> {
  return sql.transaction(async (tx) => {
    // one checkpoint writer at a time (two cron invocations must not split or repeat batches)
    await tx.query("SELECT pg_advisory_xact_lock(hashtext('arbor:checkpoint'))")
    const { rows: batches } = await tx.query<{ id: number; root: string }>(
      'SELECT id, root FROM batches WHERE checkpoint_id IS NULL ORDER BY id LIMIT $1',
      [maxBatches],
    )
    if (batches.length === 0) return null
    const tree = buildCheckpointTree(batches)
    const fromBatchId = batches[0]!.id
    const toBatchId = batches[batches.length - 1]!.id
    const { rows: [checkpoint] } = await tx.query<{ id: number; seq: number }>(
      `INSERT INTO checkpoints (seq, root, from_batch_id, to_batch_id, batch_count)
       SELECT coalesce(max(seq), 0) + 1, $1, $2, $3, $4 FROM checkpoints RETURNING id, seq`,
      [tree.root, fromBatchId, toBatchId, batches.length],
    )
    await tx.query('UPDATE batches SET checkpoint_id = $1 WHERE id = ANY($2::int4[])', [checkpoint!.id, batches.map((b) => b.id)])
    return { id: checkpoint!.id, seq: checkpoint!.seq, root: tree.root, fromBatchId, toBatchId, batchCount: batches.length }
  })
}
