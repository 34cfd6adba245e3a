import { topChoice } from './top-choice'
import type { Ballot, TallyResult } from './types'
import { weightedSums } from './weighted-sums'

export type TallyWeightedParameters = { choices: number; ballots: readonly Ballot[]; quorum?: bigint }

/**
 * `{ "<choice>": weight }` ballots: each voter's power is split by weight share
 * (power × wᵢ / Σw) into whole base units that sum exactly to the voter's power (`splitPower`:
 * largest remainder). Scores sum exactly to `total`. One ballot per voter. Work: per ballot one
 * bigint `power mod Σw` and one addition (`weightedSums` groups identical weight vectors).
 */
export function tallyWeighted({ choices, ballots, quorum }: TallyWeightedParameters): TallyResult {
  const { sums: scores, total } = weightedSums(ballots, choices)
  return { type: 'weighted', scores, total, voters: ballots.length, ...topChoice(scores), ...(quorum === undefined ? {} : { quorumReached: total >= quorum }) }
}
