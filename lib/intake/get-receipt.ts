import type { SqlClient, SqlQueryable } from '../db/types'
import { NotFoundError } from '../errors'
import { buildCheckpointTree } from '../settlement/checkpoint-tree'
import { idPrefixOf, materializeVotes } from './materialize-votes'
import { idBytes } from './sql-columns'
import type { MessageStatus, SubmitResult } from './types'
import { loggedVoteColumns, loggedVoteId, loggedVoteOf, type LoggedVoteRow } from './vote-message'

export type GetReceiptParameters = { id: string }

export type GetReceiptReturnType = {
  /** `status` is derived now: `accepted` while it holds its key, else `superseded` by `supersededBy`. */
  message: { id: string; kind: string; shardKey: string; payload: unknown; signature: string; status: MessageStatus; supersededBy?: string }
  batch: { id: number; shard: number; seq: number; root: string; count: number; committedAt: string }
  /** From the message's leaf (`bytes32` id) to the batch root. */
  proof: string[]
  /** Once the batch is in a checkpoint: from the batch's leaf (batch id, batch root) to the checkpoint root. */
  checkpoint:
    | { seq: number; root: string; status: string; txHash: string | null; leaf: { batchId: number; batchRoot: string }; proof: string[] }
    | null
}

/**
 * One entry of `batches.messages`: the signed message as posted (its signer is in it, the voter or
 * the account). Entries are in leaf order: entry i is the message of node 2 * count - 2 - i. Vote
 * batches keep theirs in their vote_log row instead (loggedVoteOf gives the same shape).
 */
export type LoggedMessage = { signature: string; payload: unknown }

/**
 * SQL: the proof of intake message `m` as text[] of 0x-hex nodes, sliced from its batch `b`'s tree:
 * the sibling of each node from the leaf up (heap order: node j's parent is (j - 1) / 2, and the
 * ancestors of node k are ((k + 1) >> d) - 1). `batches.tree` is stored uncompressed, so each
 * slice reads one TOAST chunk. batch-tree.ts computes the same path in memory.
 */
const PROOF = `ARRAY(
  SELECT '0x' || encode(substring(b.tree FROM (p.j + 1 - 2 * ((p.j + 1) % 2)) * 32 + 1 FOR 32), 'hex')
  FROM (SELECT ((m.node + 1) >> d) - 1 AS j, d FROM generate_series(0, 30) AS d) AS p
  WHERE p.j > 0 ORDER BY p.d)`

type ReceiptRow = { id: string; superseded: boolean; node: number; batch_id: number; shard: number; seq: number; root: string; count: number; proof: string[] }

const RECEIPT_COLUMNS = `'0x' || encode(m.id, 'hex') AS id, m.superseded, m.node, b.id AS batch_id, b.shard, b.seq, b.root, b.count, ${PROOF} AS proof`

const statusOf = (row: { superseded: boolean }): MessageStatus => (row.superseded ? 'superseded' : 'accepted')

/**
 * Latest-wins kinds: who holds a key now, as rows `{ shard_key, key, id }`. A message logged
 * `accepted` is superseded once a later one takes its key, so a receipt's status is read here
 * when it is answered, never frozen at the moment of writing.
 */
const HOLDERS: Record<string, string> = {
  vote: `SELECT v.proposal_id::text AS shard_key, v.voter AS key, v.message_id AS id
         FROM unnest($1::uuid[], $2::text[]) AS k(proposal_id, voter) JOIN votes v USING (proposal_id, voter)`,
}

export type HeldMessage = { id: string; kind: string; shardKey: string; key: string }

/**
 * The current status of each message (by id): `accepted` if it holds its key now, `superseded`
 * with the holder's id otherwise. Messages of kinds without a holders query, or whose key has no
 * holder (its shard was deleted), are left out: their logged status stands.
 */
export async function deriveStatuses(sql: SqlQueryable, messages: readonly HeldMessage[]): Promise<Map<string, { status: MessageStatus; supersededBy?: string }>> {
  const statuses = new Map<string, { status: MessageStatus; supersededBy?: string }>()
  for (const [kind, text] of Object.entries(HOLDERS)) {
    const ofKind = messages.filter((message) => message.kind === kind)
    if (ofKind.length === 0) continue
    const { rows } = await sql.query<{ shard_key: string; key: string; id: string }>(text, [ofKind.map((m) => m.shardKey), ofKind.map((m) => m.key)])
    const holders = new Map(rows.map((row) => [`${row.shard_key}:${row.key}`, row.id]))
    for (const message of ofKind) {
      const holder = holders.get(`${message.shardKey}:${message.key}`)
      if (holder === undefined) continue
      statuses.set(message.id, holder === message.id ? { status: 'accepted' } : { status: 'superseded', supersededBy: holder })
    }
  }
  return statuses
}

/** SQL: the messages of parameters `$1` (idBytes) and `$2` (their shards, uuid[]) as rows (id, shard_key). */
const NAMED = `(SELECT substring($1::bytea FROM i * 32 + 1 FOR 32) AS id, ($2::uuid[])[i + 1] AS shard_key
                FROM generate_series(0, length($1::bytea) / 32 - 1) AS i)`

/**
 * SQL: the inclusions of the messages of relation `named` (columns id bytea and, with `keyed`,
 * shard_key uuid) as rows (id, shard_key, batch_id, node, superseded): from intake_messages
 * (transactional kinds, and votes written before the vote log) and from vote_ids, each candidate of
 * the id's prefix confirmed against its vote_log row. A vote has a row per inclusion: its first
 * (smallest batch, then leaf) is its receipt.
 */
const inclusionsOf = (named: string, keyed: boolean): string => `(
  SELECT m.id, m.shard_key, m.batch_id, m.node, m.superseded
  FROM ${named} AS q JOIN intake_messages m ON m.id = q.id${keyed ? ' AND m.shard_key = q.shard_key' : ''}
  UNION ALL
  SELECT q.id, i.proposal_id, i.batch_id, i.node, false
  FROM ${named} AS q JOIN vote_ids i ON i.prefix = ${idPrefixOf('q.id')}${keyed ? ' AND i.proposal_id = q.shard_key' : ''}
  JOIN vote_log l ON l.proposal_id = i.proposal_id AND l.batch_id = i.batch_id AND ${loggedVoteId('i.node')} = q.id)`

/**
 * SQL: the first inclusion of each message of relation `named` (columns id bytea, shard_key uuid):
 * rows (id, shard_key, batch_id, node, superseded), what a receipt names.
 */
export const firstInclusionsOf = (named: string): string =>
  `(SELECT DISTINCT ON (f.id) f.* FROM ${inclusionsOf(named, true)} AS f ORDER BY f.id, f.batch_id, f.node)`

const FIRST_INCLUSIONS = firstInclusionsOf(NAMED)

/**
 * The receipts of the messages among `messages` (id and its shard: a message's id decides its
 * shard, so the pair names it) that were committed before, by id: what a repeated post gets again.
 * Probed by the whole key `(id, shard_key)`, one index lookup a message however stale the table's
 * statistics: by id alone the planner took `intake_messages` for small and hashed a sequential scan
 * of it (79 ms a batch at 300k rows instead of 2; most of the transactional writer's time at 1M).
 * Transactional kinds only (their index is intake_messages); votes: findVoteReceipts.
 */
export async function findReceipts(sql: SqlQueryable, messages: readonly { id: string; shardKey: string }[]): Promise<Map<string, SubmitResult>> {
  return receiptsFrom(sql, `${NAMED} AS q JOIN intake_messages m ON m.id = q.id AND m.shard_key = q.shard_key`, messages)
}

/** findReceipts for votes: each id's first inclusion (vote_ids, confirmed against the log; or intake_messages for votes older than the log). */
export async function findVoteReceipts(sql: SqlQueryable, messages: readonly { id: string; shardKey: string }[]): Promise<Map<string, SubmitResult>> {
  return receiptsFrom(sql, `${FIRST_INCLUSIONS} AS m`, messages)
}

/** The receipts of `messages` found in `source` (SQL over `$1`, `$2` as NAMED, giving intake_messages-shaped rows `m`). */
async function receiptsFrom(sql: SqlQueryable, source: string, messages: readonly { id: string; shardKey: string }[]): Promise<Map<string, SubmitResult>> {
  const unique = [...new Map(messages.map((message) => [message.id, message])).values()]
  const { rows } = await sql.query<ReceiptRow>(
    `SELECT ${RECEIPT_COLUMNS}
     FROM ${source}
     JOIN batches b ON b.id = m.batch_id`,
    [idBytes(unique.map((message) => message.id)), unique.map((message) => message.shardKey)],
  )
  return new Map(
    rows.map((row) => [
      row.id,
      {
        id: row.id,
        status: statusOf(row),
        batchSeq: row.seq,
        receipt: { batch: { id: row.batch_id, shard: row.shard, seq: row.seq, root: row.root, count: row.count }, proof: row.proof },
      },
    ]),
  )
}

/**
 * Where each of `messages` (votes) was first included (`batchId`), and its logged status, by id:
 * the receipt lookup without the proof. A message whose first inclusion is the batch that just
 * wrote it (most of them) answers with the receipt that batch built in memory; findVoteReceipts
 * slices the proofs of the rest (repeated posts) from the stored trees.
 */
export async function findFirstInclusions(sql: SqlQueryable, messages: readonly { id: string; shardKey: string }[]): Promise<Map<string, { batchId: number; status: MessageStatus }>> {
  const unique = [...new Map(messages.map((message) => [message.id, message])).values()]
  const { rows } = await sql.query<{ id: string; batch_id: number; superseded: boolean }>(
    `SELECT '0x' || encode(m.id, 'hex') AS id, m.batch_id, m.superseded FROM ${FIRST_INCLUSIONS} AS m`,
    [idBytes(unique.map((message) => message.id)), unique.map((message) => message.shardKey)],
  )
  return new Map(rows.map((row) => [row.id, { batchId: Number(row.batch_id), status: statusOf(row) }]))
}

/** The key a logged message writes, for the kinds with a holders query (a vote: its voter). */
function keyOf(kind: string, payload: unknown): string | undefined {
  const voter = kind === 'vote' ? (payload as { voter?: unknown }).voter : undefined
  return typeof voter === 'string' ? voter.toLowerCase() : undefined
}

type StoredReceiptRow = ReceiptRow & LoggedVoteRow & { kind: string; shard_key: string; messages: string; committed_at: Date; checkpoint_id: number | null }

async function findStoredReceipt(sql: SqlQueryable, id: string): Promise<StoredReceiptRow | undefined> {
  // the id's first inclusion, by id alone; a vote's signed message is in its batch's vote_log row
  // (stored once), other kinds' are in batches.messages
  const { rows } = await sql.query<StoredReceiptRow>(
    `SELECT ${RECEIPT_COLUMNS}, b.kind, b.shard_key, CASE WHEN l.signatures IS NULL THEN b.messages END AS messages,
            b.created_at AS committed_at, b.checkpoint_id, ${loggedVoteColumns('m.node')}
     FROM ${inclusionsOf('(SELECT $1::bytea AS id)', false)} AS m JOIN batches b ON b.id = m.batch_id
     LEFT JOIN vote_log l ON b.kind = 'vote' AND l.proposal_id = m.shard_key AND l.batch_id = m.batch_id
     ORDER BY b.id, m.node LIMIT 1`,
    [idBytes([id])],
  )
  return rows[0]
}

/** Batches back from the newest that a receipt miss derives first (the materializer lags by seconds, not by this many batches). */
const RECENT_BATCHES = 10_000

const canDerive = (sql: SqlQueryable): sql is SqlClient => typeof (sql as Partial<SqlClient>).transaction === 'function'

/**
 * A message's receipt: the message, its batch, its inclusion proof, and its checkpoint path once
 * settled. A vote's id lookup and status are derived from the vote log: with a `SqlClient`, what
 * the log holds and the derivation has not reached yet is derived first (the vote's proposal, or
 * on a miss every proposal with batches among the newest 10,000), so an acknowledged vote is found at once and its
 * status counts every vote committed before the call. A duplicated vote's receipt is its first
 * inclusion (every inclusion proves it).
 */
export async function getReceipt(sql: SqlQueryable, { id }: GetReceiptParameters): Promise<GetReceiptReturnType> {
  let row = await findStoredReceipt(sql, id)
  if (!row && canDerive(sql)) {
    // a vote acknowledged but not derived yet sits in a recent batch: derive those (bounded, so a
    // stream of unknown ids cannot make each miss scan every batch)
    const { rows: [recent] } = await sql.query<{ since: number }>('SELECT greatest(coalesce(max(id), 0) - $1, 0)::int4 AS since FROM batches', [RECENT_BATCHES])
    await materializeVotes(sql, { sinceBatchId: recent?.since ?? 0 })
    row = await findStoredReceipt(sql, id)
  }
  if (!row) throw new NotFoundError(`no message ${id} was accepted`, { field: 'id' })
  if (row.kind === 'vote' && canDerive(sql)) await materializeVotes(sql, { proposalId: row.shard_key })
  const logged = loggedVoteOf(row) ?? (JSON.parse(row.messages) as LoggedMessage[])[2 * row.count - 2 - row.node]!
  const key = keyOf(row.kind, logged.payload)
  const derived = key === undefined ? undefined : (await deriveStatuses(sql, [{ id: row.id, kind: row.kind, shardKey: row.shard_key, key }])).get(row.id)
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
    message: { id: row.id, kind: row.kind, shardKey: row.shard_key, ...logged, ...(derived ?? { status: statusOf(row) }) },
    batch: { id: row.batch_id, shard: row.shard, seq: row.seq, root: row.root, count: row.count, committedAt: new Date(row.committed_at).toISOString() },
    proof: row.proof,
    checkpoint,
  }
}
