/** The six voting types. Names as stored in the `voting_type` enum use `_` (see `votingTypeOf`). */
export const VOTING_TYPES = ['basic', 'single-choice', 'approval', 'weighted', 'quadratic', 'ranked-choice'] as const
export type VotingType = (typeof VOTING_TYPES)[number]

/**
 * A ballot's choice, choices numbered from 1 (as in Snapshot):
 * - basic, single-choice: one number (basic: 1 For, 2 Against, 3 Abstain);
 * - approval: the picked choices; ranked-choice: a ranking, best first (partial rankings allowed);
 * - weighted, quadratic: `{ "<choice>": weight }`, non-negative integer weights, at least one > 0.
 */
export type BallotChoice = number | readonly number[] | Readonly<Record<string, number>>

export type Ballot = {
  voter: string
  /** Voting power in the token's base units (wei). */
  power: bigint
  choice: BallotChoice
  /** Unix seconds the vote was signed: with several ballots of one voter, the latest counts. */
  timestamp?: bigint | number
  /** The signed message id: breaks timestamp ties (the smaller id counts), as the intake does. */
  id?: string
}

export type TallyParameters = {
  type: VotingType
  /** Number of choices (basic: 3). */
  choices: number
  /** Approval: the most choices one ballot may pick. */
  maxPicks?: number
  /** Power needed for a result to count, base units. Basic counts For + Abstain towards it. */
  quorum?: bigint
  ballots: readonly Ballot[]
  /**
   * The caller guarantees one ballot per voter (rows of the `votes` table, where the intake already
   * kept each voter's latest): skips `latestBallots`, which costs a hash map over every voter.
   */
  unique?: boolean
}

/**
 * How a tie was decided. `position`: `bottom` (which choice a ranked-choice round eliminates) or
 * `top` (the winner). `rule`: `earlier-round` (fewer votes in the earliest round that separates
 * them: `decidedInRound`), `choice-index` (never separated: the lower choice index stays), or
 * `no-winner` (types other than ranked-choice: a tie at the top has no winner).
 */
export type TieBreak = {
  position: 'bottom' | 'top'
  /** 1-based round of ranked-choice where the tie happened. */
  round?: number
  tied: number[]
  /** The choice eliminated (bottom) or declared winner (top); null for `no-winner`. */
  chosen: number | null
  rule: 'earlier-round' | 'choice-index' | 'no-winner'
  decidedInRound?: number
}

export type TallyResult = {
  type: VotingType
  /**
   * `scores[i]` is choice i+1's score in base units of power: the power sum (basic, single-choice,
   * approval), the split power (weighted), the rescaled quadratic score (quadratic), the last
   * round's tally (ranked-choice).
   */
  scores: bigint[]
  /** Power of the counted ballots (one per voter), base units. */
  total: bigint
  /** Counted ballots (one per voter, zero-power voters included). */
  voters: number
  /** Quadratic: each choice's split power before the quadratic rule (what weighted would give). */
  raw?: bigint[]
  /** Quadratic: Q_i = (Σ √part)², in units of 10⁻¹⁸ of power (√ taken to 9 decimals, floored). */
  quadratic?: bigint[]
  /** Ranked-choice: every round's tally per choice (eliminated choices 0). */
  rounds?: bigint[][]
  /** Ranked-choice: power of exhausted ballots after each round's transfers, per round. */
  exhausted?: bigint[]
  /** Ranked-choice: the choice eliminated at the end of each round (null when the round ends the count; a tie at the top eliminates the runner-up). */
  eliminated?: (number | null)[]
  winner: number | null
  tieBreak?: TieBreak[]
  quorumReached?: boolean
  /** Basic: For > Against and quorum reached (OpenZeppelin GovernorCountingSimple). */
  passed?: boolean
}
