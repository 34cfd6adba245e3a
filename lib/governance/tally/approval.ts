import { checkChoiceList } from './ballot-checks'
import { topChoice } from './top-choice'
import type { Ballot, TallyResult } from './types'

export type TallyApprovalParameters = { choices: number; maxPicks?: number; ballots: readonly Ballot[]; quorum?: bigint }

/**
 * Any set of distinct choices (at least one, at most `maxPicks`); every picked choice gets the
 * voter's full power, so scores may sum to more than `total`, but none exceeds it. One ballot per voter.
 */
export function tallyApproval({ choices, maxPicks = choices, ballots, quorum }: TallyApprovalParameters): TallyResult {
  const scores: bigint[] = new Array(choices).fill(0n)
  let total = 0n
  for (let i = 0; i < ballots.length; i++) {
    const { choice, power } = ballots[i]!
    for (const c of checkChoiceList(choice, choices, i, maxPicks)) scores[c - 1]! += power
    total += power
  }
  return { type: 'approval', scores, total, voters: ballots.length, ...topChoice(scores), ...(quorum === undefined ? {} : { quorumReached: total >= quorum }) }
}
