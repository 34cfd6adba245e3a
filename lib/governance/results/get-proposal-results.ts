import type { Db } from '@/lib/db'
import { NotFoundError } from '@/lib/errors'
import { proposalStateAt, type ProposalStateName } from '../proposal-state'
import { fromDbVotingType, type VotingTypeName } from '../schema'
import { tally, type Ballot } from './tally-stand-in'

export type ProposalResults = {
  proposalId: string
  type: VotingTypeName
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
  /** Power per choice (index 0 = choice 1): the raw power, also for quadratic. */
  scores: string[]
  /** Quadratic: the rescaled scores (Snapshot's rule), base units, floats; they sum to `totalPower`. */
  quadraticScores?: number[]
  /** Ranked choice: every instant-runoff round. */
  rounds?: { scores: string[]; eliminated: number | null; tieBreak?: string }[]
  winner: number | null
  tieBreak?: string
  /** Basic: For > Against and quorum reached. */
  passed?: boolean
  /** The newest intake batch when this was computed: results only change when a batch commits. */
  batchStamp: number
}

type Cached = { stamp: number; value: Omit<ProposalResults, 'state'> & { rawState: string } }
const cache = new Map<string, Cached>()

/**
 * A proposal's live results from its counted votes (`votes`: one row per voter, the latest vote).
 * Identical ballots are summed in SQL (every rule but quadratic is linear in a ballot's power, so
 * grouping by the ballot is exact); quadratic reads one row per voter. Cached until the next
 * intake batch commits (the newest `batches.id` is the key). `NotFoundError` for an unknown id.
 */
export async function getProposalResults(db: Db, { proposalId, now = new Date() }: { proposalId: string; now?: Date }): Promise<ProposalResults> {
  if (!/^[0-9a-f-]{36}$/i.test(proposalId)) throw new NotFoundError(`No proposal ${proposalId}.`, { proposalId })
  const [latest] = await db.$queryRaw<{ stamp: number }[]>`SELECT coalesce(max(id), 0)::int AS stamp FROM batches`
  const stamp = latest?.stamp ?? 0
  const hit = cache.get(proposalId)
  if (hit && hit.stamp === stamp) return withState(hit.value, now)

  const proposal = await db.proposal.findUnique({ where: { id: proposalId }, include: { space: { select: { quorum: true } } } })
  if (!proposal) throw new NotFoundError(`No proposal ${proposalId}.`, { proposalId })
  const type = fromDbVotingType(proposal.votingType)
  const rows =
    type === 'quadratic'
      ? await db.$queryRaw<{ choice: unknown; power: string; voters: number }[]>`
          SELECT choice, voting_power::text AS power, 1 AS voters FROM votes WHERE proposal_id = ${proposalId}::uuid`
      : await db.$queryRaw<{ choice: unknown; power: string; voters: number }[]>`
          SELECT choice, sum(voting_power)::text AS power, count(*)::int AS voters FROM votes WHERE proposal_id = ${proposalId}::uuid GROUP BY choice`
  const ballots: Ballot[] = rows.map((row, i) => ({ voter: String(i), power: BigInt(row.power), choice: row.choice }))
  const result = tally({ type, choices: proposal.choices.length, maxPicks: proposal.maxPicks ?? undefined, ballots })
  const quorum = BigInt(proposal.space.quorum.toFixed())
  const quorumPower = type === 'basic' ? result.scores[0]! + (result.scores[2] ?? 0n) : result.total
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
    quorumReached: quorumPower >= quorum && quorumPower > 0n,
    voteCount: rows.reduce((n, row) => n + Number(row.voters), 0),
    totalPower: result.total.toString(),
    scores: result.scores.map(String),
    ...(result.quadraticScores ? { quadraticScores: result.quadraticScores } : {}),
    ...(result.rounds ? { rounds: result.rounds.map((r) => ({ ...r, scores: r.scores.map(String) })) } : {}),
    winner: result.winner,
    ...(result.tieBreak ? { tieBreak: result.tieBreak } : {}),
    ...(type === 'basic' ? { passed: result.scores[0]! > result.scores[1]! && quorumPower >= quorum && quorumPower > 0n } : {}),
    batchStamp: stamp,
  }
  if (cache.size > 1_000) cache.clear()
  cache.set(proposalId, { stamp, value })
  return withState(value, now)
}

function withState({ rawState, ...value }: Cached['value'], now: Date): ProposalResults {
  return { ...value, state: proposalStateAt({ state: rawState, startAt: new Date(value.startAt), endAt: new Date(value.endAt) }, now) }
}
