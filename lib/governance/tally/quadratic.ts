import { InvalidBallotError } from '../errors'
import { checkWeights } from './ballot-checks'
import { isqrt } from './isqrt'
import { rootOfBig, rootOfParts } from './quadratic-root'
import { apportion } from './split-power'
import { topChoice } from './top-choice'
import type { Ballot, TallyResult } from './types'
import { groupKey, smallSplit, splitParts } from './weighted-sums'

export type TallyQuadraticParameters = { choices: number; ballots: readonly Ballot[]; quorum?: bigint }

/** √ is taken to 9 decimal places: √(part × 10¹⁸) = √part × 10⁹, floored. */
export const QUADRATIC_SQRT_SCALE = 10n ** 18n

const TWO32 = 4294967296
/** A Number accumulator is flushed into its bigint at 2⁵² (every term is below 2⁵², so sums stay below 2⁵³: exact). */
const FLUSH = 4503599627370496
/** The Number path takes powers below 2⁸⁴ (power = a·2³² + b with a < 2⁵²)… */
const FAST_POWER = 2n ** 84n
/** …and weight sums up to 2²⁰ (then (power mod W) fits a Number and (a mod W)·2³² + b < 2⁵³). */
const FAST_WEIGHTS = 1 << 20

/** Empties accumulator `c` of `acc`, returning what it held as a bigint. */
function flush(acc: Float64Array, c: number): bigint {
  const value = BigInt(acc[c]!)
  acc[c] = 0
  return value
}

/** Ballots with the same weight vector: checked once. */
type Group = { picks: number[]; weights: number[]; sum: number; fast: boolean; memo: (readonly number[] | undefined)[] | undefined }

/**
 * Snapshot's quadratic rule, exact: each voter's power is split by weight share into whole base
 * units (`splitPower`, as weighted); Sᵢ = Σ_voters floor(√(partᵢ × 10¹⁸)); Qᵢ = Sᵢ² (units of
 * 10⁻¹⁸ power); the scores are `total` apportioned by Qᵢ (largest remainder, ties to the lower
 * choice), so they sum exactly to the total power; the winner is decided on Qᵢ. `raw` keeps each choice's split power.
 * One ballot per voter.
 *
 * Speed, with the same numbers: ballots are grouped by weight vector (checked once per vector);
 * a power below 2⁸⁴ is split in Number arithmetic as two 32-bit-aligned limbs (power = a·2³² + b,
 * part = q·w + smallSplit(power mod W)), its parts' square roots come from `rootOfParts` (certified
 * floor, else the bigint `isqrt`), and sums run in Number accumulators flushed into bigints before
 * 2⁵³. Larger powers and weight sums above 2²⁰ take the bigint path (`splitParts`, `isqrt`).
 */
export function tallyQuadratic({ choices, ballots, quorum }: TallyQuadraticParameters): TallyResult {
  const counter = createQuadraticCounter(choices)
  counter.add(ballots)
  return counter.result(quorum)
}

/** `tallyQuadratic` in parts: `add` ballots in slices, in any cut, then `result` once. */
export type QuadraticCounter = {
  /** Counts these ballots (one per voter); errors name a ballot by its index among every ballot added. */
  add: (ballots: readonly Ballot[]) => void
  /** The tally of every ballot added: the same as `tallyQuadratic` over all of them at once. */
  result: (quorum?: bigint) => TallyResult
}

/**
 * The quadratic rule as a running count, so that a caller can yield between slices of a large
 * proposal (the live results route does): the sums (raw power, Σ√, total) add up across slices and
 * the rescaling happens once, in `result`. `InvalidBallotError` from `add` for a ballot that does not
 * fit or a negative power.
 */
export function createQuadraticCounter(choices: number): QuadraticCounter {
  const raw: bigint[] = new Array(choices).fill(0n)
  const roots: bigint[] = new Array(choices).fill(0n)
  // Number accumulators: raw = rawHi·2³² + rawLo, roots = rootHi·2³² + rootLo, total = totalHi·2³² + totalLo.
  const rawHi = new Float64Array(choices)
  const rawLo = new Float64Array(choices)
  const rootHi = new Float64Array(choices)
  const rootLo = new Float64Array(choices)
  let total = 0n
  let counted = 0
  const out = new Float64Array(2)
  const groups = new Map<number | string, Group>()
  let lastChoice: unknown
  let lastGroup: Group | undefined

  const add = (ballots: readonly Ballot[]) => {
    let totalHi = 0
    let totalLo = 0
    for (let j = 0; j < ballots.length; j++) {
      const { choice, power } = ballots[j]!
      const i = counted + j
      if (power < 0n) throw new InvalidBallotError(`ballot ${i}: power must not be negative`, { field: `[${i}].power`, ballot: i })
      // Ballots sharing one choice object (the results route's rows) skip the key.
      let group = choice === lastChoice ? lastGroup : undefined
      if (group === undefined) {
        const key = groupKey(choice, choices)
        group = key === undefined ? undefined : groups.get(key)
        if (group === undefined) {
          const { picks, weights } = checkWeights(choice, choices, i)
          let sum = 0
          for (const w of weights) sum += w
          const fast = sum <= FAST_WEIGHTS
          group = { picks, weights, sum, fast, memo: fast && sum <= 4096 ? [] : undefined }
          groups.set(key!, group)
        }
        lastChoice = choice
        lastGroup = group
      }
      if (!group.fast || power >= FAST_POWER) {
        // The bigint path: the plain split and the exact root.
        const parts = splitParts(power, group.weights)
        for (let k = 0; k < group.picks.length; k++) {
          const c = group.picks[k]! - 1
          const part = parts[k]!
          if (part === 0n) continue
          raw[c]! += part
          roots[c]! += isqrt(part * QUADRATIC_SQRT_SCALE)
        }
        total += power
        continue
      }
      const a = Number(power >> 32n)
      const b = Number(power & 0xffffffffn)
      totalHi += a
      totalLo += b
      if (totalHi >= FLUSH || totalLo >= FLUSH) {
        total += BigInt(totalHi) * 4294967296n + BigInt(totalLo)
        totalHi = 0
        totalLo = 0
      }
      const { picks, weights, sum: W } = group
      let qa = 0
      let qb = 0
      let small: readonly number[] | undefined
      if (picks.length > 1) {
        // power = (qa·2³² + qb)·W + r, in Numbers; floor by division, then corrected (the quotient may round up).
        qa = Math.floor(a / W)
        let ra = a - qa * W
        if (ra < 0) {
          qa -= 1
          ra += W
        } else if (ra >= W) {
          qa += 1
          ra -= W
        }
        const x = ra * TWO32 + b
        qb = Math.floor(x / W)
        let r = x - qb * W
        if (r < 0) {
          qb -= 1
          r += W
        } else if (r >= W) {
          qb += 1
          r -= W
        }
        small = group.memo === undefined ? smallSplit(r, weights, W) : (group.memo[r] ??= smallSplit(r, weights, W))
      }
      for (let k = 0; k < picks.length; k++) {
        const c = picks[k]! - 1
        // part = H·2³² + L: the whole power for one pick, else q·wₖ + smallSplit(r)ₖ.
        const H = small === undefined ? a : qa * weights[k]!
        const L = small === undefined ? b : qb * weights[k]! + small[k]!
        if (H === 0 && L === 0) continue
        if ((rawHi[c]! += H) >= FLUSH) raw[c]! += flush(rawHi, c) * 4294967296n
        if ((rawLo[c]! += L) >= FLUSH) raw[c]! += flush(rawLo, c)
        if (rootOfParts(H, L, out)) {
          if ((rootHi[c]! += out[0]!) >= FLUSH) roots[c]! += flush(rootHi, c) * 4294967296n
          if (Math.abs((rootLo[c]! += out[1]!)) >= FLUSH) roots[c]! += flush(rootLo, c)
        } else {
          roots[c]! += rootOfBig(H, L)
        }
      }
    }
    total += BigInt(totalHi) * 4294967296n + BigInt(totalLo)
    counted += ballots.length
  }

  const result = (quorum?: bigint): TallyResult => {
    for (let c = 0; c < choices; c++) {
      raw[c]! += flush(rawHi, c) * 4294967296n + flush(rawLo, c)
      roots[c]! += flush(rootHi, c) * 4294967296n + flush(rootLo, c)
    }
    const quadratic = roots.map((s) => s * s)
    const scores = apportion(total, quadratic)
    return { type: 'quadratic', scores, total, voters: counted, raw: [...raw], quadratic, ...topChoice(quadratic), ...(quorum === undefined ? {} : { quorumReached: total >= quorum }) }
  }
  return { add, result }
}
