import type { SqlClient, SqlQueryable } from '../db/types'
import { buildBatchTree, shardNumberOf } from './batch-tree'
import { KeyConflictError } from './errors'
import type { AnyMessageType, BatchReceipt, MessageStatus, SubmitResult, VerifiedMessage } from './types'

export type WriteBatchParameters = {
  type: AnyMessageType
  shardKey: string
  /** Verified messages of one shard, in arrival order (which decides first-wins ties). */
  messages: readonly VerifiedMessage[]
}

/** One outcome per input message, in order: its receipt, or the conflict that rejected it. */
export type WriteBatchReturnType = Array<SubmitResult | KeyConflictError>

type BatchRow = { id: number; shard: number; seq: number; root: string; count: number }

/**
 * Writes one shard's batch in one transaction with set-based SQL: the batch row (sequence number
 * and the Merkle root of its message ids), the intake log, and the type's rows. Conflicts on a
 * key are decided here, under a per-shard advisory lock, so they come out the same whether two
 * messages meet in one batch, in two batches, or on two servers. Resolves after COMMIT.
 */
export async function writeBatch(sql: SqlClient, { type, shardKey, messages }: WriteBatchParameters): Promise<WriteBatchReturnType> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await sql.transaction((tx) => writeInTransaction(tx, type, shardKey, messages))
    } catch (error) {
      // deadlock or serialization failure: the whole batch is retried, nothing was committed
      const code = (error as { code?: string }).code
      if (attempt >= 3 || (code !== '40P01' && code !== '40001')) throw error
    }
  }
}

async function writeInTransaction(
  tx: SqlQueryable,
  type: AnyMessageType,
  shardKey: string,
  messages: readonly VerifiedMessage[],
): Promise<WriteBatchReturnType> {
  const shard = shardNumberOf(shardKey)
  await tx.query('SELECT pg_advisory_xact_lock($1::int8)', [shard])

  const unique = new Map<string, VerifiedMessage>()
  for (const message of messages) if (!unique.has(message.id)) unique.set(message.id, message)
  const ids = [...unique.keys()]

  // messages committed before (a retry, another server): the same receipt again
  const { rows: existing } = await tx.query<{ id: string; status: MessageStatus; batch_id: number }>(
    'SELECT id, status, batch_id FROM intake_messages WHERE id = ANY($1::text[])',
    [ids],
  )
  const known = new Map(existing.map((row) => [row.id, row]))
  const fresh = [...unique.values()].filter((message) => !known.has(message.id))

  const holdersQuery = type.loadHolders(shardKey, [...new Set(fresh.map((m) => m.key))])
  const { rows: holderRows } = fresh.length
    ? await tx.query<{ key: string; id: string | null; rank: string }>(holdersQuery.text, holdersQuery.values)
    : { rows: [] }
  const holders = new Map(holderRows.map((row) => [row.key, { id: row.id, rank: BigInt(row.rank) }]))

  const status = new Map<string, MessageStatus>()
  const conflicts = new Map<string, KeyConflictError>()
  const winners: VerifiedMessage[] = []
  const byKey = new Map<string, VerifiedMessage[]>()
  for (const message of fresh) byKey.set(message.key, [...(byKey.get(message.key) ?? []), message])
  for (const [key, group] of byKey) {
    const holder = holders.get(key)
    if (type.conflict === 'first-wins') {
      const winnerId = holder ? holder.id : group[0]!.id
      for (const message of group) {
        if (message.id === winnerId) {
          status.set(message.id, 'accepted')
          winners.push(message)
        } else {
          const winner = winnerId ?? 'a direct claim'
          conflicts.set(
            message.id,
            new KeyConflictError(`${type.kind} ${key} of ${shardKey} was already taken by message ${winner}`, { winner, key, field: 'message' }),
          )
        }
      }
    } else {
      let best: { id: string; rank: bigint } | undefined = holder && holder.id !== null ? { id: holder.id, rank: holder.rank } : undefined
      for (const message of group) if (!best || outranks(message, best)) best = message
      for (const message of group) status.set(message.id, message.id === best!.id ? 'accepted' : 'superseded')
      const winner = group.find((message) => message.id === best!.id)
      if (winner) winners.push(winner)
    }
  }

  const logged = fresh.filter((message) => status.has(message.id))
  let batch: BatchRow | undefined
  let proofOf: ((id: string) => string[]) | undefined
  if (logged.length > 0) {
    const tree = buildBatchTree(logged.map((m) => m.id))
    proofOf = tree.proofOf
    const { rows } = await tx.query<BatchRow>(
      `INSERT INTO batches (shard, seq, root, count)
       SELECT $1, coalesce(max(seq), 0) + 1, $2, $3 FROM batches WHERE shard = $1
       RETURNING id, shard, seq, root, count`,
      [shard, tree.root, logged.length],
    )
    batch = rows[0]!
    await tx.query(
      // payloads travel as one JSON document: a jsonb[] literal (escaped, then parsed twice) cost 2x
      `INSERT INTO intake_messages (id, kind, shard_key, key, signer, payload, signature, status, batch_id)
       SELECT m.id, $1, $2, m.key, m.signer, p.payload, m.sig, m.status, $3
       FROM unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::text[]) WITH ORDINALITY AS m(id, key, signer, sig, status, n)
       JOIN jsonb_array_elements($9::jsonb) WITH ORDINALITY AS p(payload, n) USING (n)`,
      [
        type.kind,
        shardKey,
        batch.id,
        logged.map((m) => m.id),
        logged.map((m) => m.key),
        logged.map((m) => m.signer),
        logged.map((m) => m.signature),
        logged.map((m) => status.get(m.id)),
        JSON.stringify(logged.map((m) => m.payload)),
      ],
    )
    if (winners.length > 0) {
      const statement = type.apply(winners, batch.id)
      await tx.query(statement.text, statement.values)
    }
  }

  const earlier = await receiptsOfEarlierBatches(tx, existing.map((row) => row.batch_id))
  return messages.map((message) => {
    const conflict = conflicts.get(message.id)
    if (conflict) return conflict
    const before = known.get(message.id)
    if (before) {
      const receipt = earlier.get(before.batch_id)!
      return { id: message.id, status: before.status, batchSeq: receipt.batch.seq, receipt: { batch: receipt.batch, proof: receipt.proofOf(message.id) } }
    }
    const receipt: BatchReceipt = { batch: batch!, proof: proofOf!(message.id) }
    return { id: message.id, status: status.get(message.id)!, batchSeq: batch!.seq, receipt }
  })
}

function outranks(message: VerifiedMessage, best: { id: string; rank: bigint }): boolean {
  return message.rank > best.rank || (message.rank === best.rank && message.id < best.id)
}

async function receiptsOfEarlierBatches(
  tx: SqlQueryable,
  batchIds: readonly number[],
): Promise<Map<number, { batch: BatchRow; proofOf: (id: string) => string[] }>> {
  const result = new Map<number, { batch: BatchRow; proofOf: (id: string) => string[] }>()
  const distinct = [...new Set(batchIds)]
  if (distinct.length === 0) return result
  const { rows: batches } = await tx.query<BatchRow>('SELECT id, shard, seq, root, count FROM batches WHERE id = ANY($1::int4[])', [distinct])
  const { rows: members } = await tx.query<{ id: string; batch_id: number }>(
    'SELECT id, batch_id FROM intake_messages WHERE batch_id = ANY($1::int4[])',
    [distinct],
  )
  for (const batch of batches) {
    const tree = buildBatchTree(members.filter((m) => m.batch_id === batch.id).map((m) => m.id))
    result.set(batch.id, { batch, proofOf: tree.proofOf })
  }
  return result
}
