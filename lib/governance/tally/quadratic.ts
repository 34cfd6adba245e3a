import { checkWeights } from './ballot-checks'
import { isqrt } from './isqrt'
import { apportion } from './split-power'
import { topChoice } from './top-choice'
import type { Ballot, TallyResult } from './types'
import { splitParts } from './weighted-sums'

export type TallyQuadraticParameters = { choices: number; ballots: readonly Ballot[]; quorum?: bigint }

/** √ is taken to 9 decimal places: √(part × 10¹⁸) = √part × 10⁹, floored. */
export const QUADRATIC_SQRT_SCALE = 10n ** 18n

/**
 * Snapshot's quadratic rule, exact: each voter's power is split by weight share into whole base
 * units (`splitPower`, as weighted); Sᵢ = Σ_voters floor(√(partᵢ × 10¹⁸)); Qᵢ = Sᵢ² (units of
 * 10⁻¹⁸ power); the scores are `total` apportioned by Qᵢ (largest remainder, ties to the lower
 * choice), so they sum exactly to the total power; the winner is decided on Qᵢ. `raw` keeps each choice's split power.
 * One ballot per voter.
 */
export function tallyQuadratic({ choices, ballots, quorum }: TallyQuadraticParameters): TallyResult {
  const raw: bigint[] = new Array(choices).fill(0n)
  const roots: bigint[] = new Array(choices).fill(0n)
  let total = 0n
  for (let i = 0; i < ballots.length; i++) {
    const { choice, power } = ballots[i]!
    const { picks, weights } = checkWeights(choice, choices, i)
    const parts = splitParts(power, weights)
    for (let k = 0; k < picks.length; k++) {
      const c = picks[k]! - 1
      const part = parts[k]!
      if (part === 0n) continue
      raw[c]! += part
      roots[c]! += isqrt(part * QUADRATIC_SQRT_SCALE)
    }
    total += power
  }
  const quadratic = roots.map((s) => s * s)
  const scores = apportion(total, quadratic)
  return { type: 'quadratic', scores, total, voters: ballots.length, raw, quadratic, ...topChoice(quadratic), ...(quorum === undefined ? {} : { quorumReached: total >= quorum }) }
}
