import { checkWeights } from './ballot-checks'
import { splitPower } from './split-power'
import { topChoice } from './top-choice'
import type { Ballot, TallyResult } from './types'

export type TallyWeightedParameters = { choices: number; ballots: readonly Ballot[]; quorum?: bigint }

/**
 * `{ "<choice>": weight }` ballots: each voter's power is split by weight share
 * (power × wᵢ / Σw) into whole base units that sum exactly to the voter's power (`splitPower`:
 * largest remainder). Scores sum exactly to `total`. One ballot per voter.
 */
export function tallyWeighted({ choices, ballots, quorum }: TallyWeightedParameters): TallyResult {
  const scores: bigint[] = new Array(choices).fill(0n)
  let total = 0n
  for (let i = 0; i < ballots.length; i++) {
    const { choice, power } = ballots[i]!
    const { picks, weights } = checkWeights(choice, choices, i)
    const parts = splitPower(power, weights)
    for (let k = 0; k < picks.length; k++) scores[picks[k]! - 1]! += parts[k]!
    total += power
  }
  return { type: 'weighted', scores, total, voters: ballots.length, ...topChoice(scores), ...(quorum === undefined ? {} : { quorumReached: total >= quorum }) }
}
