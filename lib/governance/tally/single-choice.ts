import { checkChoice } from './ballot-checks'
import { topChoice } from './top-choice'
import type { Ballot, TallyResult } from './types'

export type TallySingleChoiceParameters = { choices: number; ballots: readonly Ballot[]; quorum?: bigint }

/** One choice per ballot; a choice's score is the sum of its voters' power. One ballot per voter. */
export function tallySingleChoice({ choices, ballots, quorum }: TallySingleChoiceParameters): TallyResult {
  const scores: bigint[] = new Array(choices).fill(0n)
  let total = 0n
  for (let i = 0; i < ballots.length; i++) {
    const { choice, power } = ballots[i]!
    const c = checkChoice(choice, choices, i)
    scores[c - 1]! += power
    total += power
  }
  return { type: 'single-choice', scores, total, voters: ballots.length, ...topChoice(scores), ...(quorum === undefined ? {} : { quorumReached: total >= quorum }) }
}
