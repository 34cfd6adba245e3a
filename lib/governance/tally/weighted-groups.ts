import { InvariantError } from '../../errors'
import { checkWeights } from './ballot-checks'
import { splitPower } from './split-power'
import { topChoice } from './top-choice'
import type { BallotChoice, TallyResult } from './types'

/**
 * Voters of a weighted proposal with the same choice and the same power mod Σw, summed (one row of
 * `GROUP BY choice, voting_power mod Σw`). Amounts in base units.
 */
export type WeightedGroup = {
  /** `{ "<choice>": weight }`, shared by every voter of the group. */
  choice: BallotChoice
  /** Σw as the grouping computed it: checked against the choice's own (a mismatch is our bug). */
  weightSum: bigint
  /** Every voter's power mod `weightSum`. */
  remainder: bigint
  /** Σ of the voters' power. */
  power: bigint
  voters: number
}

export type TallyWeightedGroupsParameters = { choices: number; groups: readonly WeightedGroup[]; quorum?: bigint }

/**
 * The weighted rule (`tallyWeighted`, same result) from grouped voters instead of one ballot each.
 * Exact: with power = q·W + r (W = Σw, 0 ≤ r < W), `splitPower(power)ₖ` = q·wₖ + `splitPower(r)ₖ`
 * (floor(power·wₖ/W) = q·wₖ + floor(r·wₖ/W) and the remainders, which pick who gets the left-over
 * units, depend on r alone). A group of n voters sharing the choice and r thus adds
 * ((Σpower − n·r)/W)·wₖ + n·`splitPower(r)ₖ` to choice k. Work per group, not per voter.
 * `InvalidBallotError` (`[i].choice`, i the group's index) for a choice that does not fit;
 * `InvariantError` for a group that cannot be right (its Σw differs from the choice's, r ≥ W, or
 * Σpower − n·r is not a multiple of W).
 */
export function tallyWeightedGroups({ choices, groups, quorum }: TallyWeightedGroupsParameters): TallyResult {
  const scores: bigint[] = new Array(choices).fill(0n)
  let total = 0n
  let voters = 0
  for (let i = 0; i < groups.length; i++) {
    const { choice, weightSum, remainder, power, voters: n } = groups[i]!
    const { picks, weights } = checkWeights(choice, choices, i)
    const W = weights.reduce((sum, w) => sum + BigInt(w), 0n)
    const count = BigInt(n)
    if (!Number.isSafeInteger(n) || n < 1 || power < 0n || weightSum !== W || remainder < 0n || remainder >= W || (power - count * remainder) % W !== 0n) {
      throw new InvariantError(`weighted group ${i} is inconsistent: Σw ${weightSum} (the choice's: ${W}), remainder ${remainder}, power ${power}, ${n} voters`)
    }
    const q = (power - count * remainder) / W
    const small = splitPower(remainder, weights)
    for (let k = 0; k < picks.length; k++) scores[picks[k]! - 1]! += q * BigInt(weights[k]!) + count * small[k]!
    total += power
    voters += n
  }
  return { type: 'weighted', scores, total, voters, ...topChoice(scores), ...(quorum === undefined ? {} : { quorumReached: total >= quorum }) }
}
