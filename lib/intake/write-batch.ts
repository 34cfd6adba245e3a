import { randomBytes } from 'node:crypto'
import type { SqlClient, SqlQueryable } from '../db/types'
import { InvariantError } from '../errors'
import { buildBatchTree, shardNumberOf, type BatchTree } from './batch-tree'
import { KeyConflictError, UnknownTargetError } from './errors'
import { deriveStatuses, findReceipts, type LoggedMessage } from './get-receipt'
import { idBytes } from './sql-columns'
import type { AnyMessageType, LogRow, MessageStatus, SubmitResult, VerifiedMessage } from './types'

/** Verified messages of one shard (a proposal or campaign), in arrival order (which decides first-wins ties). */
export type ShardMessages = {
  type: AnyMessageType
  shardKey: string
  messages: readonly VerifiedMessage[]
}

/** The receipt, or why the message was refused: its key was taken, or its shard is gone. */
export type WriteOutcome = SubmitResult | KeyConflictError | UnknownTargetError

type BatchRow = { id: number; shard: number; seq: number; root: string; count: number }

/** One shard's part of the transaction (exported for bench/intake/phases.ts, as are the log path's steps below). */
export type Part = {
  shard: ShardMessages
  number: number
  /** Reserved up front, so the type's rows can name their batch before the batch row exists. */
  batchId: number
  /** Transactional types: not committed before (by an earlier batch, a retry, another server). Log types: the first of each id. */
  fresh: VerifiedMessage[]
  /** The one message per key that competes with the key's holder in the database. */
  candidates: VerifiedMessage[]
  /** Transactional types: each fresh message's status by id, and the refused ones. */
  status: Map<string, MessageStatus>
  refused: Map<string, KeyConflictError>
  /**
   * Log types, by position instead of by id (map lookups by id on messages that arrived long
   * before, a cache miss each, were most of the writer's own Node work): `freshAt[p]` is the index in `fresh` of `shard.messages[p]`
   * (a repeated id: of its first), and once the batch's rule ran, `winnerAt[i]` is the index in
   * `fresh` of the message its key counts in this batch (`i` itself: accepted).
   */
  freshAt?: Int32Array
  winnerAt?: Int32Array
  /** Log types: the fresh messages' ids parsed, 32 bytes each, in `fresh` order (the batch tree's input). */
  freshIds?: Uint8Array
  /** The messages it logs (latest-wins: all fresh ones; first-wins: those that took their key), in leaf order. */
  logged: VerifiedMessage[]
  tree?: BatchTree
  batch?: BatchRow
}

/**
 * Writes the batches of several shards in one transaction (one commit, one fsync, for all of
 * them) with set-based SQL, one statement per step for every shard. Both paths share the
 * prelude (per-shard advisory locks and batch ids, the shards locked FOR KEY SHARE) and the batch
 * rows (sequence number, Merkle root of the message ids, tree, messages). Then:
 * - transactional types (claims): duplicates answered with their stored receipts, each key decided
 *   in memory within the batch and by the type's conflict clause against the database, one
 *   narrow intake_messages row per message;
 * - log types (votes): every message appended to the type's log (`append`: its row is the signed
 *   message, stored once; the batch row keeps root and tree), no random-key index
 *   written; the batch's own rule gives the ack's status, and what counts across batches, servers
 *   and duplicates is derived from the log (materialize-votes.ts). Resolves after COMMIT with one outcome list per shard, in input order. Shard
 * numbers must be distinct. `timeoutMs`: the transaction's limit (see SqlClient.transaction).
 */
export async function writeBatches(sql: SqlClient, shards: readonly ShardMessages[], { timeoutMs }: { timeoutMs?: number } = {}): Promise<WriteOutcome[][]> {
  const numbers = new Set(shards.map((shard) => shardNumberOf(shard.shardKey)))
  if (numbers.size !== shards.length) throw new InvariantError('writeBatches: two shards with one shard number in one transaction')
  for (let attempt = 1; ; attempt++) {
    try {
      return await sql.transaction((tx) => writeInTransaction(tx, shards), { timeoutMs })
    } catch (error) {
      // deadlock or serialization failure: everything is retried, nothing was committed
      const code = (error as { code?: string }).code
      if (attempt >= 3 || (code !== '40P01' && code !== '40001')) throw error
    }
  }
}

async function writeInTransaction(tx: SqlQueryable, shards: readonly ShardMessages[]): Promise<WriteOutcome[][]> {
  const numbers = shards.map((shard) => shardNumberOf(shard.shardKey))
  // locks in one global order, so two servers writing overlapping shards cannot deadlock; the
  // shard's lock, held to COMMIT, also makes its batches commit in seq order (the materializer's watermark)
  const order = shards.map((_, i) => i).sort((a, b) => numbers[a]! - numbers[b]!)
  const { rows: reserved } = await tx.query<{ id: number }>(
    `SELECT pg_advisory_xact_lock(s), nextval('batches_id_seq')::int4 AS id FROM unnest($1::int8[]) AS s`,
    [order.map((i) => numbers[i])],
  )
  const batchIds: number[] = []
  order.forEach((i, k) => (batchIds[i] = reserved[k]!.id))

  // transactional types: messages committed before get the same receipt again. Log types append
  // every message (a duplicate is one more inclusion of the same id; the derivation counts it once).
  const indexed = shards.filter((shard) => !isLogType(shard.type))
  const known = indexed.length > 0 ? await findReceipts(tx, indexed.flatMap((shard) => shard.messages)) : new Map<string, SubmitResult>()
  const parts: Part[] = shards.map((shard, i) => ({
    shard,
    number: numbers[i]!,
    batchId: batchIds[i]!,
    ...(isLogType(shard.type) ? firstOfEachId(shard.messages) : { fresh: unique(shard.messages).filter((message) => !known.has(message.id)) }),
    candidates: [],
    logged: [],
    status: new Map(),
    refused: new Map(),
  }))

  const live = new Set<string>()
  for (const [type, group] of groupBy(parts, (part) => part.shard.type)) {
    const active = group.filter((part) => part.fresh.length > 0)
    if (active.length === 0) continue
    // one lock per shard per batch stands in for a foreign-key check per row
    const lock = type.lockShards(active.map((part) => part.shard.shardKey))
    for (const row of (await tx.query<{ shard_key: string }>(lock.text, lock.values)).rows) live.add(row.shard_key)
    const contending = active.filter((part) => live.has(part.shard.shardKey))
    if (isLogType(type)) {
      // what the batch alone decides; across batches the derivation does (the same rule)
      for (const part of contending) part.winnerAt = batchWinners(part.fresh)
      continue
    }
    for (const part of contending) part.candidates = candidatesOf(type, part.fresh)
    const winners = contending.flatMap((part) => part.candidates.map((message) => ({ message, batchId: part.batchId })))
    if (winners.length === 0) continue
    const apply = type.apply!(winners)
    const took = new Set((await tx.query<{ id: string }>(apply.text, apply.values)).rows.map((row) => row.id))
    for (const part of contending) await settle(tx, part, took)
  }

  const written = parts.filter((part) => part.status.size > 0 || part.winnerAt !== undefined)
  if (written.length > 0) {
    for (const part of written) treeOf(part)
    await insertBatches(tx, written)
    // log types: their rows, appended (one statement per type)
    for (const [type, group] of groupBy(written.filter((part) => isLogType(part.shard.type)), (part) => part.shard.type)) {
      const { rows, ids } = logRows(group)
      const append = type.append!(rows, ids)
      await tx.query(append.text, append.values)
    }
  }

  // what a receipt says is read now: an earlier message of a key a later one took is superseded
  const held = parts
    .filter((part) => !isLogType(part.shard.type))
    .flatMap((part) =>
      part.shard.messages
        .filter((message) => known.has(message.id) || part.status.get(message.id) === 'superseded')
        .map((message) => ({ id: message.id, kind: part.shard.type.kind, shardKey: part.shard.shardKey, key: message.key })),
    )
  const current = held.length > 0 ? await deriveStatuses(tx, held) : new Map<string, { status: MessageStatus; supersededBy?: string }>()

  return parts.map((part) =>
    part.winnerAt !== undefined ? logOutcomes(part) : part.shard.messages.map((message): WriteOutcome => {
      const before = known.get(message.id)
      if (before) return { ...before, ...current.get(message.id) }
      if (!live.has(part.shard.shardKey)) return new UnknownTargetError(`${part.shard.type.kind} target ${part.shard.shardKey} no longer exists`, { field: 'message' })
      const refused = part.refused.get(message.id)
      if (refused) return refused
      const result: SubmitResult = {
        id: message.id,
        status: part.status.get(message.id)!,
        batchSeq: part.batch!.seq,
        receipt: { batch: part.batch!, proof: part.tree!.proofOf(message.id) },
      }
      const now = current.get(message.id)
      if (now) {
        result.status = now.status
        if (now.supersededBy) result.supersededBy = now.supersededBy
      }
      return result
    }),
  )
}

/**
 * A written log part's outcomes, in input order: each message's receipt, `accepted` if it is the
 * one its key counts in this batch, else `superseded` by that one (a repeated id: its first's).
 * The proofs are built now (a few slices of the tree's hex each): the ack serializes them, and an
 * object literal with a lazy getter cost more to create than the proof (0.6-1 µs: a runtime call
 * and a hidden class of its own a receipt, the latter in old space until a full GC).
 * A part whose shard is gone never gets here (no `winnerAt`): the general path refuses it.
 */
export function logOutcomes(part: Part): WriteOutcome[] {
  const { fresh, tree, batch, shard } = part
  const freshAt = part.freshAt!
  const winnerAt = part.winnerAt!
  const { messages } = shard
  const outcomes = new Array<WriteOutcome>(messages.length)
  for (let p = 0; p < messages.length; p++) {
    const i = freshAt[p]!
    const winner = winnerAt[i]!
    const receipt = { batch: batch!, proof: tree!.proofAt(i) }
    outcomes[p] =
      winner === i
        ? { id: messages[p]!.id, status: 'accepted', batchSeq: batch!.seq, receipt }
        : { id: messages[p]!.id, status: 'superseded', supersededBy: fresh[winner]!.id, batchSeq: batch!.seq, receipt }
  }
  return outcomes
}

/**
 * A log part's messages by position: the first of each id (`fresh`), where each input message's
 * first is in it (`freshAt`), and the fresh ids parsed (`freshIds`, for the batch tree). Ids are
 * found again through an open-addressing table over their parsed bytes (two 32-bit words of each,
 * mixed with per-process random factors, so ids ground to collide cannot lengthen the probes),
 * equal ids confirmed on all 32 bytes and on the string: no string hashing, no Map.
 */
export function firstOfEachId(messages: readonly VerifiedMessage[]): { fresh: VerifiedMessage[]; freshAt: Int32Array; freshIds: Uint8Array } {
  const n = messages.length
  const raw = idBytes(messages.map((message) => message.id))
  // 8 words an id (idBytes' buffer is 8-byte aligned, its own or Node's aligned pool: copied if not)
  const parsed = raw.byteOffset % 4 === 0 ? raw : new Uint8Array(raw)
  const words = new Int32Array(parsed.buffer, parsed.byteOffset, n * 8)
  const bits = Math.max(4, 32 - Math.clz32(n * 2 - 1))
  const table = new Int32Array(1 << bits) // 1 + an index into fresh, 0 empty
  const fresh: VerifiedMessage[] = []
  const freshAt = new Int32Array(n)
  for (let p = 0; p < n; p++) {
    const at = p * 8
    let slot = (Math.imul(words[at]! ^ ID_SEED[0]!, ID_SEED[1]!) + Math.imul(words[at + 1]! ^ ID_SEED[2]!, ID_SEED[3]!)) >>> (32 - bits)
    let first = -1
    for (let held = table[slot]!; held !== 0; slot = (slot + 1) & (table.length - 1), held = table[slot]!) {
      if (sameWords(words, (held - 1) * 8, at) && fresh[held - 1]!.id === messages[p]!.id) {
        first = held - 1
        break
      }
    }
    if (first >= 0) {
      freshAt[p] = first
      continue
    }
    const f = fresh.length
    table[slot] = f + 1
    freshAt[p] = f
    fresh.push(messages[p]!)
    // fresh ids stay in order at the front: after a repeat, each moves down to its fresh index
    if (f !== p) words.copyWithin(f * 8, at, at + 8)
  }
  return { fresh, freshAt, freshIds: parsed.subarray(0, fresh.length * 32) }
}

/** Per-process random factors of the id table's hash: two (xor, odd multiplier) pairs. */
const ID_SEED = Int32Array.from({ length: 4 }, (_, k) => randomBytes(4).readInt32LE(0) | (k % 2))

function sameWords(words: Int32Array, a: number, b: number): boolean {
  for (let k = 0; k < 8; k++) if (words[a + k] !== words[b + k]) return false
  return true
}

/** The batch's own latest-wins rule by position: for each of `fresh`, the index of its key's best message (largest rank, then smallest id). */
export function batchWinners(fresh: readonly VerifiedMessage[]): Int32Array {
  // each key's first message stands for the key: its best so far is kept at its index
  const firstOf = new Map<string, number>()
  const winnerAt = new Int32Array(fresh.length)
  const keyAt = new Int32Array(fresh.length)
  for (let i = 0; i < fresh.length; i++) {
    const message = fresh[i]!
    const first = firstOf.get(message.key)
    if (first === undefined) {
      firstOf.set(message.key, i)
      keyAt[i] = winnerAt[i] = i
    } else {
      keyAt[i] = first
      if (outranks(message, fresh[winnerAt[first]!]!)) winnerAt[first] = i
    }
  }
  for (let i = 0; i < fresh.length; i++) winnerAt[i] = winnerAt[keyAt[i]!]!
  return winnerAt
}

/**
 * Sets a written part's tree and its logged messages in leaf order (as batches.messages keeps
 * them: entry k is the message of node 2 * count - 2 - k). A log type logs every fresh message,
 * in fresh order (so tree index = index in fresh). Per-message loops stay out of
 * writeInTransaction: kept cold, that large async function is never optimized (each compile of
 * it, with its closures inlined, cost 100-300 ms of a compiler thread, several times a run).
 */
export function treeOf(part: Part): void {
  const log = part.winnerAt !== undefined
  const logged = log ? part.fresh : part.fresh.filter((message) => part.status.has(message.id))
  const ids = new Array<string>(logged.length)
  for (let i = 0; i < logged.length; i++) ids[i] = logged[i]!.id
  const tree = buildBatchTree(ids, log ? part.freshIds : undefined)
  part.logged = new Array<VerifiedMessage>(logged.length)
  for (let k = 0; k < logged.length; k++) part.logged[k] = logged[tree.leafOrder[k]!]!
  part.tree = tree
}

/**
 * A log type's rows to append: every written part's logged messages, each with its batch and leaf,
 * and their ids as `append` takes them (32 bytes a row, in row order), copied from the parts'
 * `freshIds` (parsed once, in fresh order) rather than parsed again.
 */
export function logRows(parts: readonly Part[]): { rows: LogRow[]; ids: Buffer } {
  const rows: LogRow[] = []
  let n = 0
  for (const part of parts) n += part.logged.length
  // its own ArrayBuffer, so 4-byte aligned like freshIds: the ids move as 8 words each
  const ids = Buffer.allocUnsafeSlow(n * 32)
  const to = new Int32Array(ids.buffer, ids.byteOffset, n * 8)
  for (const part of parts) {
    const freshIds = part.freshIds!
    const from = new Int32Array(freshIds.buffer, freshIds.byteOffset, freshIds.length / 4)
    const order = part.tree!.leafOrder
    for (let k = 0; k < part.logged.length; k++) {
      const at = rows.length * 8
      rows.push({ message: part.logged[k]!, batchId: part.batchId, node: nodeOfLeaf(part, k) })
      const f = order[k]! * 8
      for (let w = 0; w < 8; w++) to[at + w] = from[f + w]!
    }
  }
  return { rows, ids }
}

/** A type whose messages are appended to a log and derived later (votes), not decided in the batch. */
export const isLogType = (type: AnyMessageType): boolean => type.append !== undefined

/**
 * The batch rows of every written part (seq, Merkle root, tree, and for transactional types the
 * messages as JSON; a log type's messages are in its log rows, `[]` here), and for the
 * transactional types their intake_messages rows (id → batch, leaf), in one statement. Shared by
 * both paths: a vote batch and a claim batch are the same row. Sets `part.batch`.
 */
export async function insertBatches(tx: SqlQueryable, written: Part[]): Promise<void> {
  // a log type's rows hold its signed messages (stored once): its batch row keeps root and tree
  const logs = written.map((part) => (isLogType(part.shard.type) ? EMPTY_LOG : Buffer.from(JSON.stringify(part.logged.map(logEntry)))))
  const indexed = written.flatMap((part, p) => (isLogType(part.shard.type) ? [] : part.logged.map((message, k) => ({ message, part, k, p: p + 1 }))))
  const { rows } = await tx.query<BatchRow>(
    `WITH logged AS (
       INSERT INTO intake_messages (id, shard_key, batch_id, node, superseded)
       SELECT substring($12::bytea FROM m.n::int4 * 32 - 31 FOR 32), (($6::text[])[m.p])::uuid, m.batch_id, m.node, m.superseded
       FROM unnest($13::int4[], $14::int4[], $15::bool[], $16::int4[]) WITH ORDINALITY AS m(batch_id, node, superseded, p, n))
     INSERT INTO batches (id, shard, seq, root, count, kind, shard_key, tree, messages)
     SELECT b.id, b.shard, coalesce((SELECT max(seq) FROM batches WHERE shard_key = b.shard_key), 0) + 1, b.root, b.count, b.kind, b.shard_key,
            substring($8::bytea FROM b.tree_at + 1 FOR (2 * b.count - 1) * 32),
            convert_from(substring($9::bytea FROM b.log_at + 1 FOR b.log_length), 'UTF8')
     FROM unnest($1::int4[], $2::int4[], $3::text[], $4::int4[], $5::text[], $6::text[], $7::int4[], $10::int4[], $11::int4[])
       AS b(id, shard, root, count, kind, shard_key, tree_at, log_at, log_length)
     RETURNING id, shard, seq, root, count`,
    [
      written.map((part) => part.batchId),
      written.map((part) => part.number),
      written.map((part) => part.tree!.root),
      written.map((part) => part.logged.length),
      written.map((part) => part.shard.type.kind),
      written.map((part) => part.shard.shardKey),
      offsets(written.map((part) => part.tree!.nodes)),
      Buffer.concat(written.map((part) => part.tree!.nodes)),
      Buffer.concat(logs),
      offsets(logs),
      logs.map((log) => log.length),
      idBytes(indexed.map((l) => l.message.id)),
      indexed.map((l) => l.part.batchId),
      indexed.map((l) => nodeOfLeaf(l.part, l.k)),
      indexed.map((l) => l.part.status.get(l.message.id) === 'superseded'),
      indexed.map((l) => l.p),
    ],
  )
  const byId = new Map(rows.map((row) => [row.id, row]))
  for (const part of written) part.batch = byId.get(part.batchId)
}

/**
 * The conflict rules within one shard's fresh messages (pure): per key, the one message that then
 * competes with the key's holder in the database. first-wins: the first in arrival order.
 * latest-wins: the largest rank, then the smallest id.
 */
function candidatesOf(type: AnyMessageType, fresh: readonly VerifiedMessage[]): VerifiedMessage[] {
  return [...groupBy(fresh, (message) => message.key).values()].map((group) =>
    type.conflict === 'first-wins' ? group[0]! : group.reduce((best, message) => (outranks(message, best) ? message : best)),
  )
}

function outranks(message: VerifiedMessage, best: VerifiedMessage): boolean {
  return message.rank > best.rank || (message.rank === best.rank && message.id < best.id)
}

/**
 * Each fresh message's fate once the type's rows are written (`took`: the candidates that now hold
 * their keys). latest-wins: every message is logged, `accepted` if it took its key, else
 * `superseded` (provable, without effect). first-wins: only the message that took its key is
 * logged, the others are refused (409) naming the key's holder.
 */
async function settle(tx: SqlQueryable, part: Part, took: ReadonlySet<string>): Promise<void> {
  const { type, shardKey } = part.shard
  if (type.conflict === 'latest-wins') {
    for (const message of part.fresh) part.status.set(message.id, took.has(message.id) ? 'accepted' : 'superseded')
    return
  }
  const winnerOf = new Map(part.candidates.filter((m) => took.has(m.id)).map((m) => [m.key, m.id as string | null]))
  const lost = part.candidates.filter((m) => !took.has(m.id))
  if (lost.length > 0) {
    if (!type.loadHolders) throw new InvariantError(`message type ${type.kind} is first-wins but cannot load its key holders`)
    const load = type.loadHolders(lost.map((m) => ({ shardKey, key: m.key })))
    for (const row of (await tx.query<{ key: string; id: string | null }>(load.text, load.values)).rows) winnerOf.set(row.key, row.id)
  }
  for (const message of part.fresh) {
    if (took.has(message.id)) {
      part.status.set(message.id, 'accepted')
      continue
    }
    const winner = winnerOf.get(message.key) ?? 'a direct claim'
    part.refused.set(
      message.id,
      new KeyConflictError(`${type.kind} ${message.key} of ${shardKey} was already taken by message ${winner}`, { winner, key: message.key, field: 'message' }),
    )
  }
}

const EMPTY_LOG = Buffer.from('[]')

/** The heap index of `part.logged[k]`'s leaf: the logged messages are in leaf order, the smallest leaf last. */
const nodeOfLeaf = (part: Part, k: number): number => 2 * part.logged.length - 2 - k

function logEntry(message: VerifiedMessage): LoggedMessage {
  return { signature: message.signature, payload: message.payload }
}

function offsets(buffers: readonly Buffer[]): number[] {
  let at = 0
  return buffers.map((buffer) => {
    const start = at
    at += buffer.length
    return start
  })
}

/** The first message of each id (a repeated id is the same signed message). */
function unique(messages: readonly VerifiedMessage[]): VerifiedMessage[] {
  const seen = new Set<string>()
  const first: VerifiedMessage[] = []
  for (const message of messages) {
    if (seen.has(message.id)) continue
    seen.add(message.id)
    first.push(message)
  }
  return first
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
