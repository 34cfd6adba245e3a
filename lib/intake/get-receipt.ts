import type { SqlQueryable } from '../db/types'
import { NotFoundError } from '../errors'
import { buildCheckpointTree } from '../settlement/checkpoint-tree'
import { buildBatchTree } from './batch-tree'

export type GetReceiptParameters = { id: string }

export type GetReceiptReturnType = {
  message: { id: string; kind: string; shardKey: string; key: string; signer: string; payload: unknown; signature: string; status: string; receivedAt: string }
  batch: { id: number; shard: number; seq: number; root: string; count: number; committedAt: string }
  /** From the message's leaf (`bytes32` id) to the batch root. */
  proof: string[]
  /** Once the batch is in a checkpoint: from the batch's leaf (batch id, batch root) to the checkpoint root. */
  checkpoint:
    | { seq: number; root: string; status: string; txHash: string | null; leaf: { batchId: number; batchRoot: string }; proof: string[] }
    | null
}

/** A message's receipt: the message, its batch, its inclusion proof, and its checkpoint path once settled. */
export async function getReceipt(sql: SqlQueryable, { id }: GetReceiptParameters): Promise<GetReceiptReturnType> {
  const { rows: [row] } = await sql.query<{
    id: string; kind: string; shard_key: string; key: string; signer: string; payload: unknown; signature: string; status: string; received_at: Date
    batch_id: number; shard: number; seq: number; root: string; count: number; committed_at: Date; checkpoint_id: number | null
  }>(
    `SELECT m.id, m.kind, m.shard_key, m.key, m.signer, m.payload, m.signature, m.status, m.created_at AS received_at,
            b.id AS batch_id, b.shard, b.seq, b.root, b.count, b.created_at AS committed_at, b.checkpoint_id
     FROM intake_messages m JOIN batches b ON b.id = m.batch_id WHERE m.id = $1`,
    [id.toLowerCase()],
  )
  if (!row) throw new NotFoundError(`no message ${id} was accepted`, { field: 'id' })
  const { rows: members } = await sql.query<{ id: string }>('SELECT id FROM intake_messages WHERE batch_id = $1', [row.batch_id])
  const proof = buildBatchTree(members.map((m) => m.id)).proofOf(row.id)
  let checkpoint: GetReceiptReturnType['checkpoint'] = null
  if (row.checkpoint_id !== null) {
    const { rows: [cp] } = await sql.query<{ seq: number; root: string; status: string; tx_hash: string | null }>(
      'SELECT seq, root, status::text AS status, tx_hash FROM checkpoints WHERE id = $1',
      [row.checkpoint_id],
    )
    const { rows: covered } = await sql.query<{ id: number; root: string }>('SELECT id, root FROM batches WHERE checkpoint_id = $1 ORDER BY id', [row.checkpoint_id])
    checkpoint = {
      seq: cp!.seq,
      root: cp!.root,
      status: cp!.status,
      txHash: cp!.tx_hash,
      leaf: { batchId: row.batch_id, batchRoot: row.root },
      proof: buildCheckpointTree(covered).proofOf(row.batch_id),
    }
  }
  return {
    message: {
      id: row.id, kind: row.kind, shardKey: row.shard_key, key: row.key, signer: row.signer, payload: row.payload,
      signature: row.signature, status: row.status, receivedAt: new Date(row.received_at).toISOString(),
    },
    batch: { id: row.batch_id, shard: row.shard, seq: row.seq, root: row.root, count: row.count, committedAt: new Date(row.committed_at).toISOString() },
    proof,
    checkpoint,
  }
}
