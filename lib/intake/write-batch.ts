import type { SqlClient, SqlQueryable } from '../db/types'
import { InvariantError } from '../errors'
import { buildBatchTree, shardNumberOf } from './batch-tree'
import { KeyConflictError, UnknownTargetError } from './errors'
import type { AnyMessageType, BatchReceipt, MessageStatus, SubmitResult, VerifiedMessage } from './types'

/** Verified messages of one shard (a proposal or campaign), in arrival order (which decides first-wins ties). */
export type ShardMessages = {
  type: AnyMessageType
  shardKey: string
  messages: readonly VerifiedMessage[]
}

/** The receipt, or why the message was refused: its key was taken, or its shard is gone. */
export type WriteOutcome = SubmitResult | KeyConflictError | UnknownTargetError

type BatchRow = { id: number; shard: number; seq: number; root: string; count: number }

/** What the conflict rules decided for one shard's fresh messages. */
type Decision = { status: Map<string, MessageStatus>; refused: Map<string, KeyConflictError>; winners: VerifiedMessage[] }

/**
 * Writes the batches of several shards in one transaction (one commit, one fsync, for all of
 * them) with set-based SQL: per shard, a batch row (its sequence number and the Merkle root of its
 * message ids); then the intake log and each type's rows, one statement each for every shard.
 * Conflicts on a key are decided here, under per-shard advisory locks, so they come out the same
 * whether two messages meet in one batch, in two batches, or on two servers. Resolves after
 * COMMIT with one outcome list per shard, in input order. Shard numbers must be distinct.
 */
export async function writeBatches(sql: SqlClient, shards: readonly ShardMessages[]): Promise<WriteOutcome[][]> {
  const numbers = new Set(shards.map((shard) => shardNumberOf(shard.shardKey)))
  if (numbers.size !== shards.length) throw new InvariantError('writeBatches: two shards with one shard number in one transaction')
  for (let attempt = 1; ; attempt++) {
    try {
      return await sql.transaction((tx) => writeInTransaction(tx, shards))
    } catch (error) {
      // deadlock or serialization failure: everything is retried, nothing was committed
      const code = (error as { code?: string }).code
      if (attempt >= 3 || (code !== '40P01' && code !== '40001')) throw error
    }
  }
}

async function writeInTransaction(tx: SqlQueryable, shards: readonly ShardMessages[]): Promise<WriteOutcome[][]> {
  // locks in one global order, so two servers writing overlapping shards cannot deadlock
  const numbers = shards.map((shard) => shardNumberOf(shard.shardKey))
  await tx.query('SELECT pg_advisory_xact_lock(s) FROM unnest($1::int8[]) AS s', [[...numbers].sort((a, b) => a - b)])

  const all = new Map<string, VerifiedMessage>()
  for (const shard of shards) for (const message of shard.messages) if (!all.has(message.id)) all.set(message.id, message)
  // messages committed before (a retry, another server): the same receipt again
  const { rows: existing } = await tx.query<{ id: string; status: MessageStatus; batch_id: number }>(
    'SELECT id, status, batch_id FROM intake_messages WHERE id = ANY($1::text[])',
    [[...all.keys()]],
  )
  const known = new Map(existing.map((row) => [row.id, row]))
  const fresh = shards.map((shard) => unique(shard.messages).filter((message) => !known.has(message.id)))

  const byType = groupBy(shards.map((shard, i) => ({ shard, fresh: fresh[i]! })), ({ shard }) => shard.type)
  const live = new Set<string>()
  const holders = new Map<string, { id: string | null; rank: bigint }>()
  for (const [type, group] of byType) {
    const active = group.filter((g) => g.fresh.length > 0)
    if (active.length === 0) continue
    // one lock per shard per batch stands in for a foreign-key check per row
    const lock = type.lockShards(active.map((g) => g.shard.shardKey))
    for (const row of (await tx.query<{ shard_key: string }>(lock.text, lock.values)).rows) live.add(row.shard_key)
    const pairs = active.filter((g) => live.has(g.shard.shardKey)).flatMap((g) => [...new Set(g.fresh.map((m) => m.key))].map((key) => ({ shardKey: g.shard.shardKey, key })))
    if (pairs.length === 0) continue
    const load = type.loadHolders(pairs)
    for (const row of (await tx.query<{ shard_key: string; key: string; id: string | null; rank: string }>(load.text, load.values)).rows) {
      holders.set(`${row.shard_key}\n${row.key}`, { id: row.id, rank: BigInt(row.rank) })
    }
  }

  const decisions = shards.map((shard, i) =>
    live.has(shard.shardKey) ? decide(shard, fresh[i]!, (key) => holders.get(`${shard.shardKey}\n${key}`)) : undefined,
  )
  const logged = shards.map((_, i) => fresh[i]!.filter((message) => decisions[i]?.status.has(message.id)))
  const written = shards.map((shard, i) => ({ shard, i, logged: logged[i]! })).filter((s) => s.logged.length > 0)
  const trees = written.map((s) => buildBatchTree(s.logged.map((m) => m.id)))

  const batchOf = new Map<number, BatchRow>()
  if (written.length > 0) {
    const { rows } = await tx.query<BatchRow>(
      `INSERT INTO batches (shard, seq, root, count)
       SELECT b.shard, coalesce((SELECT max(seq) FROM batches WHERE shard = b.shard), 0) + 1, b.root, b.count
       FROM unnest($1::int4[], $2::text[], $3::int4[]) AS b(shard, root, count)
       RETURNING id, shard, seq, root, count`,
      [written.map((s) => numbers[s.i]), trees.map((t) => t.root), written.map((s) => s.logged.length)],
    )
    for (const row of rows) batchOf.set(row.shard, row)
    const log = written.flatMap((s) => s.logged.map((m) => ({ m, s, batchId: batchOf.get(numbers[s.i]!)!.id })))
    await tx.query(
      // payloads travel as one JSON document: a jsonb[] literal (escaped, then parsed twice) cost 2x
      `INSERT INTO intake_messages (id, kind, shard_key, key, signer, payload, signature, status, batch_id)
       SELECT m.id, m.kind, m.shard_key, m.key, m.signer, p.payload, m.sig, m.status, m.batch_id
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int4[])
         WITH ORDINALITY AS m(id, kind, shard_key, key, signer, sig, status, batch_id, n)
       JOIN jsonb_array_elements($9::jsonb) WITH ORDINALITY AS p(payload, n) USING (n)`,
      [
        log.map((l) => l.m.id),
        log.map((l) => l.m.kind),
        log.map((l) => l.m.shardKey),
        log.map((l) => l.m.key),
        log.map((l) => l.m.signer),
        log.map((l) => l.m.signature),
        log.map((l) => decisions[l.s.i]!.status.get(l.m.id)),
        log.map((l) => l.batchId),
        JSON.stringify(log.map((l) => l.m.payload)),
      ],
    )
    for (const [type, group] of byType) {
      const winners = group.flatMap(({ shard }) => {
        const i = shards.indexOf(shard)
        const batch = batchOf.get(numbers[i]!)
        return batch ? decisions[i]!.winners.map((message) => ({ message, batchId: batch.id })) : []
      })
      if (winners.length === 0) continue
      const statement = type.apply(winners)
      await tx.query(statement.text, statement.values)
    }
  }

  const earlier = await receiptsOfEarlierBatches(tx, existing.map((row) => row.batch_id))
  return shards.map((shard, i) => {
    const batch = batchOf.get(numbers[i]!)
    const tree = batch && trees[written.findIndex((s) => s.i === i)]
    return shard.messages.map((message): WriteOutcome => {
      const before = known.get(message.id)
      if (before) {
        const receipt = earlier.get(before.batch_id)!
        return { id: message.id, status: before.status, batchSeq: receipt.batch.seq, receipt: { batch: receipt.batch, proof: receipt.proofOf(message.id) } }
      }
      const decision = decisions[i]
      if (!decision) return new UnknownTargetError(`${shard.type.kind} target ${shard.shardKey} no longer exists`, { field: 'message' })
      const refused = decision.refused.get(message.id)
      if (refused) return refused
      const receipt: BatchReceipt = { batch: batch!, proof: tree!.proofOf(message.id) }
      return { id: message.id, status: decision.status.get(message.id)!, batchSeq: batch!.seq, receipt }
    })
  })
}

/**
 * The conflict rules for one shard's fresh messages against the keys' current holders (pure).
 * first-wins: the holder, or else the first in arrival order, keeps the key; the others are refused.
 * latest-wins: the largest rank (then the smallest id) among holder and messages is `accepted`,
 * the rest are `superseded` (logged, provable, without effect).
 */
function decide(
  { type, shardKey }: ShardMessages,
  fresh: readonly VerifiedMessage[],
  holderOf: (key: string) => { id: string | null; rank: bigint } | undefined,
): Decision {
  const decision: Decision = { status: new Map(), refused: new Map(), winners: [] }
  for (const [key, group] of groupBy(fresh, (message) => message.key)) {
    const holder = holderOf(key)
    if (type.conflict === 'first-wins') {
      const winnerId = holder ? holder.id : group[0]!.id
      for (const message of group) {
        if (message.id === winnerId) {
          decision.status.set(message.id, 'accepted')
          decision.winners.push(message)
        } else {
          const winner = winnerId ?? 'a direct claim'
          decision.refused.set(
            message.id,
            new KeyConflictError(`${type.kind} ${key} of ${shardKey} was already taken by message ${winner}`, { winner, key, field: 'message' }),
          )
        }
      }
    } else {
      let best: { id: string; rank: bigint } | undefined = holder && holder.id !== null ? { id: holder.id, rank: holder.rank } : undefined
      for (const message of group) if (!best || outranks(message, best)) best = message
      for (const message of group) decision.status.set(message.id, message.id === best!.id ? 'accepted' : 'superseded')
      const winner = group.find((message) => message.id === best!.id)
      if (winner) decision.winners.push(winner)
    }
  }
  return decision
}

function outranks(message: VerifiedMessage, best: { id: string; rank: bigint }): boolean {
  return message.rank > best.rank || (message.rank === best.rank && message.id < best.id)
}

function unique(messages: readonly VerifiedMessage[]): VerifiedMessage[] {
  return [...new Map(messages.map((message) => [message.id, message])).values()]
}

function groupBy<T, K>(items: readonly T[], keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>()
  for (const item of items) {
    const key = keyOf(item)
    const group = groups.get(key)
    if (group) group.push(item)
    else groups.set(key, [item])
  }
  return groups
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
