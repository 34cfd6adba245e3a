import type { SqlClient, SqlQueryable } from '../db/types'
import { materializeVotes } from '../intake/materialize-votes'
import { NotFoundError } from '../errors'
import { votingTypeOf } from './ballot-from-vote'
import { tally } from './tally/tally'
import type { Ballot, TallyParameters, TallyResult } from './tally/types'

export type TallyProposalParameters = { proposalId: string }

/** What a proposal's tally depends on besides its ballots (stored names: `single_choice`...; quorum in base units). */
export type ProposalTallyRules = { votingType: string; choiceCount: number; maxPicks: number | null; quorum: bigint }

/**
 * The `tally` parameters of a proposal's counted ballots (one per voter): its voting type, choices,
 * max picks and the space's quorum (0: none). Shared by `tallyProposal`, the settlement and
 * `arbor tally verify`, so the three compute the same result from the same ballots.
 */
export function proposalTallyParameters(rules: ProposalTallyRules, ballots: readonly Ballot[]): TallyParameters {
  return {
    type: votingTypeOf(rules.votingType),
    choices: rules.choiceCount,
    maxPicks: rules.maxPicks ?? undefined,
    quorum: rules.quorum > 0n ? rules.quorum : undefined,
    ballots,
    unique: true,
  }
}

/**
 * A proposal's current result: its counted votes (one row per voter in `votes`, the intake keeps
 * each voter's latest) tallied by its voting type, with the space's quorum. `NotFoundError` when
 * the proposal does not exist. Two queries; the tally itself is the pure `tally`. `votes` is derived
 * from the intake's vote log: given a `SqlClient`, the proposal's votes are brought up to date first
 * (materializeVotes); a bare `SqlQueryable` (a transaction) reads `votes` as it stands.
 */
export async function tallyProposal(sql: SqlQueryable | SqlClient, { proposalId }: TallyProposalParameters): Promise<TallyResult> {
  if ('transaction' in sql && /^[0-9a-f-]{36}$/i.test(proposalId)) await materializeVotes(sql, { proposalId })
  const { rows: [proposal] } = await sql.query<{ voting_type: string; choice_count: number; max_picks: number | null; quorum: string }>(
    `SELECT p.voting_type::text AS voting_type, cardinality(p.choices) AS choice_count, p.max_picks, s.quorum::text AS quorum
     FROM proposals p JOIN spaces s ON s.id = p.space_id WHERE p.id = $1::uuid`,
    [proposalId],
  )
  if (!proposal) throw new NotFoundError(`No proposal ${proposalId}.`, { proposalId })
  const { rows } = await sql.query<{ voter: string; power: string; choice: Ballot['choice'] }>(
    'SELECT voter, voting_power::text AS power, choice FROM votes WHERE proposal_id = $1::uuid',
    [proposalId],
  )
  const ballots: Ballot[] = rows.map((row) => ({ voter: row.voter, power: BigInt(row.power), choice: row.choice }))
  return tally(
    proposalTallyParameters(
      { votingType: proposal.voting_type, choiceCount: Number(proposal.choice_count), maxPicks: proposal.max_picks, quorum: BigInt(proposal.quorum) },
      ballots,
    ),
  )
}
