import type { Db } from '@/lib/db'
import { prismaSqlClient } from '@/lib/db/prisma-sql-client'
import { NotFoundError } from '@/lib/errors'
import { materializeVotes } from '@/lib/intake/materialize-votes'
import { votingTypeOf } from '../ballot-from-vote'
import { proposalStateAt, type ProposalStateName } from '../proposal-state'
import { createQuadraticCounter } from '../tally/quadratic'
import { tally } from '../tally/tally'
import type { Ballot, BallotChoice, TallyResult, VotingType } from '../tally/types'
import { tallyWeightedGroups } from '../tally/weighted-groups'
import { describeTieBreak } from './describe-tie-break'

export type ProposalResults = {
  proposalId: string
  type: VotingType
  choices: string[]
  maxPicks: number | null
  state: ProposalStateName
  startAt: string
  endAt: string
  snapshotBlock: string
  /** Base units (wei) as decimal strings from here on. */
  quorum: string
  /** Power that counts toward quorum: For + Abstain for basic, every counted ballot otherwise. */
  quorumPower: string
  quorumReached: boolean
  voteCount: number
  totalPower: string
  /** Power per choice (index 0 = choice 1): the power sum, the split power (weighted and quadratic's raw power), or ranked-choice's first round. */
  scores: string[]
  /** Quadratic: the rescaled scores (Snapshot's rule), summing to `totalPower`. */
  quadraticScores?: string[]
  /** Ranked choice: every instant-runoff round, with the choice it eliminated and the tie it broke. */
  rounds?: { scores: string[]; eliminated: number | null; tieBreak?: string }[]
  winner: number | null
  /** Ties decided at the top (and, for ranked choice, at the bottom), in words. */
  tieBreaks: string[]
  /** Basic: For > Against and quorum reached. */
  passed?: boolean
  /** The newest intake batch when this was computed: results only change when a batch commits. */
  batchStamp: number
}

/** `staleSince`: when a reader first saw a newer batch than `stamp` (Date.now() ms). */
type Cached = { stamp: number; staleSince?: number; value: Omit<ProposalResults, 'state'> & { rawState: string } }
const cache = new Map<string, Cached>()
/** The one computation running per proposal: concurrent misses share it instead of each scanning the votes. */
const running = new Map<string, Promise<Cached>>()
/** When each proposal's last computation started (Date.now() ms). */
const lastStarted = new Map<string, number>()
/** Background computations of one proposal start at least this far apart. */
const REFRESH_GAP_MS = 1_000
/** Quadratic: voters counted between two yields to the event loop (about a millisecond of work). */
const COUNT_SLICE = 2_000

export type GetProposalResultsParameters = {
  proposalId: string
  now?: Date
  /**
   * Stale-while-revalidate, for the polled live route: when a batch has committed since the cached
   * results were computed, answer them at once and recompute in the background (one computation per
   * proposal at a time), for up to `maxStaleMs` after a reader first saw the newer batch; past that,
   * wait for the new results. Without it (the page, the CSV) the answer always includes every
   * committed batch.
   */
  maxStaleMs?: number
}

/**
 * A proposal's live results from its counted votes (`votes`: one row per voter, the latest vote),
 * run through gov-core's tally rules (`tallyVotes`): basic, single-choice, approval and ranked choice
 * sum identical ballots in SQL, weighted groups voters by (choice, power mod Σw) in SQL (exact
 * either way), so 100k votes become a few dozen or hundred rows; quadratic reads every power and
 * counts them in slices, yielding to other requests between slices.
 * Cached until the next intake batch commits (the newest `batches.id` is the key); concurrent
 * misses share one computation; `maxStaleMs` answers recent results while a newer computation
 * runs. `NotFoundError` for an unknown id.
 */
export async function getProposalResults(db: Db, { proposalId, now = new Date(), maxStaleMs }: GetProposalResultsParameters): Promise<ProposalResults> {
  if (!/^[0-9a-f-]{36}$/i.test(proposalId)) throw new NotFoundError(`No proposal ${proposalId}.`, { proposalId })
  // The live route's readers share one stamp query in flight (it started at most one query ago).
  const stamp = await (maxStaleMs === undefined ? readStamp(db) : readStampShared(db))
  const hit = cache.get(proposalId)
  if (hit && hit.stamp >= stamp) return withState(hit.value, now)
  if (hit && maxStaleMs !== undefined && Date.now() - (hit.staleSince ??= Date.now()) < maxStaleMs) {
    // At most one background computation per REFRESH_GAP_MS: each one costs a scan of the votes (and, for quadratic, a count in slices).
    const last = lastStarted.get(proposalId) ?? 0
    if (!running.has(proposalId) && Date.now() - last >= REFRESH_GAP_MS) {
      void refresh(db, proposalId, stamp).catch((error) => console.error('[governance] results refresh failed', error))
    }
    return withState(hit.value, now)
  }
  return withState((await refresh(db, proposalId, stamp)).value, now)
}

let sharedStamp: Promise<number> | undefined
function readStampShared(db: Db): Promise<number> {
  sharedStamp ??= readStamp(db).finally(() => (sharedStamp = undefined))
  return sharedStamp
}

async function readStamp(db: Db): Promise<number> {
  const [latest] = await db.$queryRaw<{ stamp: number }[]>`SELECT coalesce(max(id), 0)::int AS stamp FROM batches`
  return latest?.stamp ?? 0
}

/** Results covering at least batch `stamp`: the running computation when it does, else a new one once it ends (one at a time per proposal). */
async function refresh(db: Db, proposalId: string, stamp: number): Promise<Cached> {
  for (let current = running.get(proposalId); current; current = running.get(proposalId)) {
    const done = await current.catch(() => undefined)
    if (done && done.stamp >= stamp) return done
    if (running.get(proposalId) === current) running.delete(proposalId)
  }
  const computation = compute(db, proposalId)
  running.set(proposalId, computation)
  if (lastStarted.size > 1_000) lastStarted.clear()
  lastStarted.set(proposalId, Date.now())
  try {
    return await computation
  } finally {
    if (running.get(proposalId) === computation) running.delete(proposalId)
  }
}

type TallyVotesParameters = { proposalId: string; type: VotingType; choices: number; maxPicks?: number; quorum?: bigint }

/**
 * The proposal's `votes` rows through its rule, with the least work in this process (the event
 * loop serves other requests meanwhile):
 * - basic, single-choice, approval, ranked-choice are linear in each ballot's power: identical
 *   ballots summed in SQL tally the same (a few dozen rows);
 * - weighted: a voter's split depends on their power only through q = power div Σw, linearly, and
 *   r = power mod Σw (`tallyWeightedGroups`): SQL groups by (choice, power mod Σw), at most
 *   Σw rows per weight vector;
 * - quadratic takes each voter's √, so every power comes (one `string_agg` string per choice:
 *   decoding 100k rows cost more than the tally), parsed and counted in slices of `COUNT_SLICE`
 *   voters with a yield between them (`createQuadraticCounter`).
 */
async function tallyVotes(db: Db, { proposalId, type, choices, maxPicks, quorum }: TallyVotesParameters): Promise<{ result: TallyResult; voteCount: number }> {
  if (type === 'weighted') {
    // Per distinct choice (its powers gathered once): Σw (NULL when the choice is not an object of numbers: the tally names it), then one row per power mod Σw.
    const rows = await db.$queryRaw<{ choice: BallotChoice; weightSum: string | null; remainder: string | null; power: string; voters: number }[]>`
      SELECT g.choice, w.weight_sum::text AS "weightSum", r.remainder::text AS remainder, r.power::text AS power, r.voters
      FROM (SELECT choice, array_agg(voting_power) AS powers FROM votes WHERE proposal_id = ${proposalId}::uuid GROUP BY choice) AS g
      CROSS JOIN LATERAL (
        SELECT CASE WHEN jsonb_typeof(g.choice) = 'object'
          THEN (SELECT nullif(round(sum(CASE WHEN jsonb_typeof(value) = 'number' THEN value::numeric END)), 0) FROM jsonb_each(g.choice)) END AS weight_sum
      ) AS w
      CROSS JOIN LATERAL (SELECT mod(p, w.weight_sum) AS remainder, sum(p) AS power, count(*)::int AS voters FROM unnest(g.powers) AS p GROUP BY 1) AS r`
    const groups = rows.map((row) => ({ choice: row.choice, weightSum: BigInt(row.weightSum ?? -1), remainder: BigInt(row.remainder ?? -1), power: BigInt(row.power), voters: row.voters }))
    return { result: tallyWeightedGroups({ choices, groups, quorum }), voteCount: sum(rows) }
  }
  if (type === 'quadratic') {
    const rows = await db.$queryRaw<{ choice: BallotChoice; power: string; voters: number }[]>`
      SELECT choice, string_agg(voting_power::text, ',') AS power, count(*)::int AS voters FROM votes WHERE proposal_id = ${proposalId}::uuid GROUP BY choice`
    const counter = createQuadraticCounter(choices)
    const slice: Ballot[] = []
    for (const row of rows) {
      // Scanned comma to comma (no array of every power); the order of ballots does not change a tally.
      for (let at = 0; at < row.power.length; ) {
        if (slice.length === COUNT_SLICE) {
          counter.add(slice)
          slice.length = 0
          await new Promise((resolve) => setImmediate(resolve))
        }
        const end = row.power.indexOf(',', at)
        const stop = end < 0 ? row.power.length : end
        slice.push({ voter: '', power: BigInt(row.power.slice(at, stop)), choice: row.choice })
        at = stop + 1
      }
    }
    counter.add(slice)
    return { result: counter.result(quorum), voteCount: sum(rows) }
  }
  const rows = await db.$queryRaw<{ choice: BallotChoice; power: string; voters: number }[]>`
    SELECT choice, sum(voting_power)::text AS power, count(*)::int AS voters FROM votes WHERE proposal_id = ${proposalId}::uuid GROUP BY choice`
  const ballots: Ballot[] = rows.map((row, i) => ({ voter: String(i), power: BigInt(row.power), choice: row.choice }))
  return { result: tally({ type, choices, maxPicks, quorum, ballots, unique: true }), voteCount: sum(rows) }
}

const sum = (rows: readonly { voters: number }[]) => rows.reduce((n, row) => n + Number(row.voters), 0)

/** Reads the stamp, then the votes (so they include every batch up to it), and tallies. */
async function compute(db: Db, proposalId: string): Promise<Cached> {
  const stamp = await readStamp(db)
  // votes is derived from the vote log off the intake's acknowledging path: bring this proposal's up to date first
  await materializeVotes(prismaSqlClient(db), { proposalId })
  const proposal = await db.proposal.findUnique({ where: { id: proposalId }, include: { space: { select: { quorum: true } } } })
  if (!proposal) throw new NotFoundError(`No proposal ${proposalId}.`, { proposalId })
  const type = votingTypeOf(proposal.votingType)
  const quorum = BigInt(proposal.space.quorum.toFixed())
  const { result, voteCount } = await tallyVotes(db, { proposalId, type, choices: proposal.choices.length, maxPicks: proposal.maxPicks ?? undefined, quorum: quorum > 0n ? quorum : undefined })
  const firstScores = type === 'quadratic' ? result.raw! : type === 'ranked-choice' ? (result.rounds?.[0] ?? result.scores) : result.scores
  const quorumPower = type === 'basic' ? result.scores[0]! + result.scores[2]! : result.total
  const tieBreaks = result.tieBreak ?? []
  const value: Cached['value'] = {
    proposalId,
    type,
    choices: proposal.choices,
    maxPicks: proposal.maxPicks,
    rawState: proposal.state,
    startAt: proposal.startAt.toISOString(),
    endAt: proposal.endAt.toISOString(),
    snapshotBlock: proposal.snapshotBlock.toString(),
    quorum: quorum.toString(),
    quorumPower: quorumPower.toString(),
    quorumReached: quorumPower > 0n && quorumPower >= quorum,
    voteCount,
    totalPower: result.total.toString(),
    scores: firstScores.map(String),
    ...(type === 'quadratic' ? { quadraticScores: result.scores.map(String) } : {}),
    ...(result.rounds
      ? {
          rounds: result.rounds.map((scores, i) => {
            const tie = tieBreaks.find((t) => t.round === i + 1)
            return { scores: scores.map(String), eliminated: result.eliminated?.[i] ?? null, ...(tie ? { tieBreak: describeTieBreak(tie, proposal.choices) } : {}) }
          }),
        }
      : {}),
    winner: result.winner,
    tieBreaks: tieBreaks.filter((t) => t.round === undefined || t.position === 'top').map((t) => describeTieBreak(t, proposal.choices)),
    ...(type === 'basic' ? { passed: Boolean(result.passed) } : {}),
    batchStamp: stamp,
  }
  const cached: Cached = { stamp, value }
  const previous = cache.get(proposalId)
  if (!previous || previous.stamp <= stamp) {
    if (cache.size > 1_000) cache.clear()
    cache.set(proposalId, cached)
  }
  return cached
}

function withState({ rawState, ...value }: Cached['value'], now: Date): ProposalResults {
  return { ...value, state: proposalStateAt({ state: rawState, startAt: new Date(value.startAt), endAt: new Date(value.endAt) }, now) }
}
