import type { SqlClient, SqlQueryable } from '../db/types'
import { shardNumberOf } from './batch-tree'
import { loggedVotes } from './vote-message'

/**
 * The derivation of the vote log: `votes` (one counted vote per (proposal, voter)) and the id
 * lookup for receipts (`vote_ids`), kept up to date from `vote_log` off the acknowledging
 * path. The counted vote is a pure function of the set of logged votes (countedVotes below is
 * that function in memory): per (proposal, voter) the latest `timestamp`, ties to the smaller id;
 * the same id twice is one vote. So the derivation may read the log in any order, any number of
 * times, from any number of processes, and comes out the same.
 *
 * Incremental: a watermark per proposal (`vote_watermarks.seq`) says which of its batches are in
 * `votes`. A proposal's batches commit in seq order (the writer holds the shard's advisory lock to
 * COMMIT), so every batch with a larger seq is new. Each pass, under a per-proposal advisory lock
 * (a second key space from the writers'), runs one statement for all its proposals: DISTINCT ON
 * (proposal, voter) over the new log rows, ORDER BY timestamp DESC, id (then batch: a duplicate's
 * row names the first of its batches in the pass); an upsert into `votes`
 * whose conflict clause keeps the better vote; every new inclusion into `vote_ids` (a plain
 * insert, sorted by its key: a duplicate is one more row, and readers take an id's first
 * inclusion); the watermarks moved. Idempotent: two instances running it at once wait on the
 * lock, and the second finds nothing left to do.
 */

/**
 * SQL: the `vote_ids` key of a 32-byte id expression, its first 8 bytes as an int8 (big-endian,
 * signed). Two ids may share it: a lookup confirms the full id against the candidates' log rows.
 * An int8 key instead of the 32-byte id (with the row's proposal, 40 bytes an index entry against
 * 64), inserted in key order, cost the derivation 2-2.5 µs of Postgres CPU a vote against 5-5.5
 * for intake_messages (DISTINCT ON the id and ON CONFLICT DO NOTHING there).
 */
export const idPrefixOf = (id: string): string => `('x' || encode(substring(${id} FROM 1 FOR 8), 'hex'))::bit(64)::int8`

/** Advisory-lock class of the materializer: pg_advisory_xact_lock(MATERIALIZE_LOCK, shard). */
export const MATERIALIZE_LOCK = 0x766f7465 // 'vote'

/** Batches per proposal taken in one transaction (about 1 000 votes each). */
const BATCHES_PER_PASS = 200

export type MaterializeVotesParameters = {
  /** Bring this proposal fully up to date (what settlement and live results call). */
  proposalId?: string
  /** ...or these proposals. Neither: every proposal with vote batches committed after batch id `sinceBatchId`. */
  proposalIds?: readonly string[]
  /** Discovery only (no proposal named): look at batches with a larger id. Default 0: all. */
  sinceBatchId?: number
  /** A transaction's limit (each statement and the whole), ms. Default 60 000. */
  timeoutMs?: number
}

export type MaterializeVotesReturnType = {
  proposals: number
  /** Log batches and log rows derived by this call. */
  batches: number
  messages: number
  /** The largest batch id seen while discovering (the next call's `sinceBatchId`, less a margin). */
  maxBatchId: number
}

/**
 * Brings `votes` and the receipt id lookup up to date with the vote log for one proposal, several,
 * or every proposal with new batches. Resolves once every batch of those proposals committed
 * before the call is derived. Safe to run from any number of processes at once.
 */
export async function materializeVotes(sql: SqlClient, { proposalId, proposalIds, sinceBatchId = 0, timeoutMs = 60_000 }: MaterializeVotesParameters = {}): Promise<MaterializeVotesReturnType> {
  let proposals: string[]
  let maxBatchId = sinceBatchId
  if (proposalId !== undefined || proposalIds !== undefined) {
    proposals = [...new Set([...(proposalId !== undefined ? [proposalId] : []), ...(proposalIds ?? [])].map((id) => id.toLowerCase()))]
  } else {
    const { rows } = await sql.query<{ proposal_id: string; max_id: number }>(
      `SELECT b.shard_key AS proposal_id, max(b.id)::int4 AS max_id FROM batches b
       LEFT JOIN vote_watermarks w ON w.proposal_id = b.shard_key::uuid
       WHERE b.kind = 'vote' AND b.id > $1 GROUP BY b.shard_key
       HAVING max(b.seq) > coalesce(max(w.seq), 0)`,
      [sinceBatchId],
    )
    proposals = rows.map((row) => row.proposal_id)
    for (const row of rows) maxBatchId = Math.max(maxBatchId, row.max_id)
  }
  const total = { proposals: proposals.length, batches: 0, messages: 0, maxBatchId }
  // lock order: by shard number, as the writers do, so two materializers cannot deadlock
  const numbers = new Map(proposals.map((id) => [id, shardNumberOf(id)]))
  proposals.sort((a, b) => numbers.get(a)! - numbers.get(b)!)
  for (let start = 0; start < proposals.length; start += 100) {
    let todo = proposals.slice(start, start + 100)
    while (todo.length > 0) {
      const pass = await sql.transaction((tx) => derivePass(tx, todo, numbers), { timeoutMs })
      total.batches += pass.batches
      total.messages += pass.messages
      todo = pass.more
    }
  }
  return total
}

/**
 * What the derivation unpacks of the new log rows: for `votes`, and apart for `vote_ids` (the rows
 * unpacked twice, narrowly, cost less than one wide MATERIALIZED CTE written to a tuplestore and
 * read twice: 6.8 against 7.3 µs of Postgres CPU a vote). Never the signature nor `signed`.
 * `latest` sorts the voter and id as the hex text `votes` holds, COLLATE "C" (the bytes' order):
 * text sorts through its sort support (memcmp), bytea through a function call a comparison (0.3 µs
 * a vote less, though the hex is computed for every row rather than for the counted ones).
 */
const COUNTED_COLUMNS = ['proposal_id', 'batch_id', 'message_id', 'voter', 'ts', 'choice', 'reason', 'voting_power'] as const
const INDEXED_COLUMNS = ['proposal_id', 'batch_id', 'node', 'message_id'] as const

type Pass = { batches: number; messages: number; more: string[] }

async function derivePass(tx: SqlQueryable, proposals: readonly string[], numbers: ReadonlyMap<string, number>): Promise<Pass> {
  await tx.query('SELECT count(pg_advisory_xact_lock($1::int4, s))::int4 AS locked FROM unnest($2::int4[]) AS s', [MATERIALIZE_LOCK, proposals.map((id) => numbers.get(id) ?? shardNumberOf(id))])
  // the batches past each watermark, oldest first, at most BATCHES_PER_PASS a proposal
  const { rows: pending } = await tx.query<{ proposal_id: string; batch_id: number; seq: number; last: boolean }>(
    `SELECT p.id::text AS proposal_id, b.id AS batch_id, b.seq, b.seq = max(b.seq) OVER (PARTITION BY p.id) AS last
     FROM unnest($1::uuid[]) AS p(id)
     LEFT JOIN vote_watermarks w ON w.proposal_id = p.id
     JOIN batches b ON b.shard_key = p.id::text AND b.seq > coalesce(w.seq, 0) AND b.seq <= coalesce(w.seq, 0) + $2
     WHERE b.kind = 'vote'`,
    [proposals, BATCHES_PER_PASS],
  )
  if (pending.length === 0) return { batches: 0, messages: 0, more: [] }
  const marks = pending.filter((row) => row.last)
  const batches = 'unnest($1::uuid[], $2::int4[]) AS s(proposal_id, batch_id) JOIN vote_log l USING (proposal_id, batch_id)'
  const { rows: [done] } = await tx.query<{ messages: number }>(
    `WITH latest AS (
       SELECT DISTINCT ON (proposal_id, voter) * FROM (
         SELECT proposal_id, batch_id, '0x' || encode(voter, 'hex') COLLATE "C" AS voter, '0x' || encode(message_id, 'hex') COLLATE "C" AS message_id, ts, choice, reason, voting_power
         FROM ${loggedVotes(batches, COUNTED_COLUMNS)} AS v
       ) AS v ORDER BY proposal_id, voter, ts DESC, message_id, batch_id
     ), counted AS (
       INSERT INTO votes (proposal_id, voter, choice, reason, voting_power, "timestamp", message_id, batch_id)
       SELECT proposal_id, voter, choice::jsonb, reason, voting_power, to_timestamp(ts), message_id, batch_id
       FROM latest
       ON CONFLICT (proposal_id, voter) DO UPDATE SET
         choice = excluded.choice, reason = excluded.reason, voting_power = excluded.voting_power,
         "timestamp" = excluded."timestamp", message_id = excluded.message_id, batch_id = excluded.batch_id
       WHERE votes."timestamp" < excluded."timestamp"
          OR (votes."timestamp" = excluded."timestamp" AND votes.message_id COLLATE "C" > excluded.message_id COLLATE "C")
     ), indexed AS (
       INSERT INTO vote_ids (prefix, proposal_id, batch_id, node)
       SELECT ${idPrefixOf('message_id')}, proposal_id, batch_id, node FROM ${loggedVotes(batches, INDEXED_COLUMNS)} AS v ORDER BY 1
     ), marked AS (
       INSERT INTO vote_watermarks (proposal_id, seq, updated_at)
       SELECT * , now() FROM unnest($3::uuid[], $4::int4[])
       ON CONFLICT (proposal_id) DO UPDATE SET seq = greatest(vote_watermarks.seq, excluded.seq), updated_at = excluded.updated_at
     )
     SELECT sum(length(l.message_ids) / 32)::int4 AS messages FROM ${batches}`,
    [pending.map((row) => row.proposal_id), pending.map((row) => row.batch_id), marks.map((row) => row.proposal_id), marks.map((row) => row.seq)],
  )
  // a proposal that filled its pass may have more
  const counts = new Map<string, number>()
  for (const row of pending) counts.set(row.proposal_id, (counts.get(row.proposal_id) ?? 0) + 1)
  return { batches: pending.length, messages: done?.messages ?? 0, more: [...counts].filter(([, n]) => n >= BATCHES_PER_PASS).map(([id]) => id) }
}

/** One logged vote, as the pure function reads it. */
export type LoggedVote = { proposalId: string; voter: string; id: string; timestamp: bigint }

/**
 * The counted votes of a set of logged votes (pure): per (proposal, voter), the latest timestamp,
 * ties to the smaller id; duplicates of an id are one vote. Keyed `${proposalId}:${voter}` → id.
 * What `votes` must equal once derived (tests compare the two).
 */
export function countedVotes(log: Iterable<LoggedVote>): Map<string, string> {
  const best = new Map<string, LoggedVote>()
  for (const vote of log) {
    const key = `${vote.proposalId}:${vote.voter}`
    const held = best.get(key)
    if (!held || vote.timestamp > held.timestamp || (vote.timestamp === held.timestamp && vote.id < held.id)) best.set(key, vote)
  }
  return new Map([...best].map(([key, vote]) => [key, vote.id]))
}

export type VoteMaterializer = {
  /** Asks for a pass over these proposals soon (coalesced: one pass for many kicks). */
  kick(proposalIds: Iterable<string>): void
  /** Kicks, and resolves once a pass that started after this call has derived these proposals (rejects if it failed). */
  derive(proposalIds: Iterable<string>): Promise<void>
  /** Resolves when nothing is pending. */
  idle(): Promise<void>
  /** Finishes what is pending and stops. */
  close(): Promise<void>
  stats(): { passes: number; messages: number; pending: number; failures: number }
}

/**
 * The background materializer of one process: after each vote batch commits, the engine kicks it
 * with the batch's proposals; one pass at a time derives every proposal kicked meanwhile (so under
 * load a pass covers many commits). Every `sweepMs` it also sweeps for batches other processes
 * wrote. A failed pass is logged and retried at the next kick or sweep: the log stays the truth.
 */
export function createVoteMaterializer({ sql, sweepMs = 1_000 }: { sql: SqlClient; sweepMs?: number }): VoteMaterializer {
  const pending = new Set<string>()
  let running: Promise<void> | undefined
  let closed = false
  let passes = 0
  let messages = 0
  let failures = 0
  let since = 0
  let sweepDue = false
  /** Callers of derive() waiting for the next pass. */
  let waiters: Array<{ resolve: () => void; reject: (error: unknown) => void }> = []
  const timer = sweepMs > 0 ? setInterval(() => ((sweepDue = true), start()), sweepMs) : undefined
  timer?.unref()

  function start() {
    if (running || (pending.size === 0 && !sweepDue)) return
    running = (async () => {
      while (pending.size > 0 || sweepDue) {
        const proposalIds = [...pending]
        pending.clear()
        const served = waiters
        waiters = []
        const sweep = sweepDue
        sweepDue = false
        try {
          if (proposalIds.length > 0) messages += (await materializeVotes(sql, { proposalIds })).messages
          if (sweep) {
            const swept = await materializeVotes(sql, { sinceBatchId: Math.max(0, since - 10_000) })
            since = swept.maxBatchId
            messages += swept.messages
          }
          passes++
          for (const waiter of served) waiter.resolve()
        } catch (error) {
          failures++
          for (const waiter of served) waiter.reject(error)
          for (const id of proposalIds) pending.add(id)
          console.error('intake: deriving votes from the log failed; retrying at the next pass', error)
          await new Promise((resolve) => setTimeout(resolve, 200))
          if (closed) break
        }
      }
    })().finally(() => {
      running = undefined
      if (!closed) start()
    })
  }

  return {
    kick(proposalIds) {
      for (const id of proposalIds) pending.add(id)
      start()
    },
    derive(proposalIds) {
      return new Promise<void>((resolve, reject) => {
        waiters.push({ resolve, reject })
        for (const id of proposalIds) pending.add(id)
        start()
      })
    },
    async idle() {
      while (running || pending.size > 0) {
        start()
        await running
      }
    },
    async close() {
      if (timer) clearInterval(timer)
      await this.idle()
      closed = true
    },
    stats: () => ({ passes, messages, pending: pending.size, failures }),
  }
}
