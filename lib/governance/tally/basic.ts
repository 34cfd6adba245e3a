import { checkChoice } from './ballot-checks'
import type { Ballot, TallyResult } from './types'

export type TallyBasicParameters = { ballots: readonly Ballot[]; quorum?: bigint }

/**
 * For (1) / Against (2) / Abstain (3), as OpenZeppelin's GovernorCountingSimple: the quorum counts
 * For + Abstain; the proposal passes when quorum is reached and For > Against. `winner` is 1 when it
 * passed, 2 when quorum was reached but it did not pass, null when quorum was not reached.
 * Ballots must be one per voter (see `latestBallots`).
 */
export function tallyBasic({ ballots, quorum = 0n }: TallyBasicParameters): TallyResult {
  let forVotes = 0n
  let against = 0n
  let abstain = 0n
  for (let i = 0; i < ballots.length; i++) {
    const { choice, power } = ballots[i]!
    const c = checkChoice(choice, 3, i)
    if (c === 1) forVotes += power
    else if (c === 2) against += power
    else abstain += power
  }
  const total = forVotes + against + abstain
  const quorumReached = forVotes + abstain >= quorum && (quorum > 0n || total > 0n)
  const passed = quorumReached && forVotes > against
  return {
    type: 'basic',
    scores: [forVotes, against, abstain],
    total,
    voters: ballots.length,
    winner: passed ? 1 : quorumReached ? 2 : null,
    quorumReached,
    passed,
  }
}
