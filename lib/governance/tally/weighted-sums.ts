import { checkWeights } from './ballot-checks'
import { splitPower } from './split-power'
import type { Ballot } from './types'

/** 2⁵²: a Number accumulator is flushed into a bigint before it can pass 2⁵³ (exact integers). */
const FLUSH = 4503599627370496

/** Ballots with the same choices and weights, summed: Σpower, Σ(power mod W), Σ small parts. */
type Group = {
  picks: number[]
  weights: number[]
  /** Σw, as a Number and as a bigint. */
  sum: number
  total: bigint
  power: bigint
  rest: number
  restBig: bigint
  /** Σ of floor(r·wₖ/W) + the largest-remainder unit, per pick (r = power mod W). */
  extra: number[]
  extraBig: bigint[]
  /** r → the small parts of each pick; memoized while W is small. */
  memo: (readonly number[] | undefined)[] | undefined
  /** r·wₖ stays below 2⁵³ (W·max w < 2⁵³): the small split runs on Numbers. */
  small: boolean
}

/**
 * The small parts of a split: with power = q·W + r (0 ≤ r < W), floor(power·wₖ/W) = q·wₖ +
 * floor(r·wₖ/W) and (power·wₖ) mod W = (r·wₖ) mod W, so the largest-remainder units depend on r
 * alone: part k = q·wₖ + smallSplit(r)ₖ, exactly `splitPower`'s result.
 */
export function smallSplit(r: number, weights: readonly number[], total: number): number[] {
  const n = weights.length
  const parts: number[] = new Array(n)
  const remainders: number[] = new Array(n)
  let left = r
  for (let k = 0; k < n; k++) {
    const scaled = r * weights[k]!
    const part = Math.floor(scaled / total)
    parts[k] = part
    remainders[k] = scaled - part * total
    left -= part
  }
  while (left > 0) {
    let best = 0
    for (let k = 1; k < n; k++) if (remainders[k]! > remainders[best]!) best = k
    parts[best]! += 1
    remainders[best] = -1
    left -= 1
  }
  return parts
}

/**
 * The ballot's choices and positive weights as a group key, or undefined when anything does not fit
 * (then `checkWeights` throws its error). Up to 3 weighted choices ≤ 255 with weights ≤ 255 give a
 * number below 2⁴⁸ (each pair 16 bits: choice·256 + weight, in `for…in`'s ascending order of integer keys, so
 * one vector has one key); anything else a string (`"1:2,3:1,"`). Numbers and strings never collide
 * in a Map. Zero weights are left out of both, as `checkWeights` leaves them out.
 */
export function groupKey(value: unknown, choices: number): number | string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined
  let key = ''
  let code = 0
  let picks = 0
  let numeric = true
  for (const name in value) {
    const weight = (value as Record<string, unknown>)[name]
    const length = name.length
    if (length === 0 || length > 10) return undefined
    let choice = 0
    for (let j = 0; j < length; j++) {
      const digit = name.charCodeAt(j) - 48
      if (digit < 0 || digit > 9 || (j === 0 && digit === 0)) return undefined
      choice = choice * 10 + digit
    }
    if (choice > choices) return undefined
    if (typeof weight !== 'number' || !Number.isSafeInteger(weight) || weight < 0) return undefined
    if (weight === 0) continue
    picks++
    if (numeric && picks <= 3 && choice <= 255 && weight <= 255) {
      code = code * 65536 + choice * 256 + weight
    } else {
      if (numeric) {
        // Past the numeric form: rebuild the string from the start.
        numeric = false
        key = ''
        for (const earlier in value) {
          const w = (value as Record<string, number>)[earlier]!
          if (earlier === name) break
          if (w > 0) key += earlier + ':' + w + ','
        }
      }
      key += name + ':' + weight + ','
    }
  }
  if (picks === 0) return undefined
  return numeric ? code : key
}

function splitOf(group: Group, r: number, sum: number): readonly number[] {
  if (group.memo === undefined) return smallSplit(r, group.weights, sum)
  return (group.memo[r] ??= smallSplit(r, group.weights, sum))
}

/**
 * Σ over ballots of `splitPower(power, weights)` per choice (the weighted rule), checking every
 * ballot (`checkWeights`). Ballots are grouped by identical choices and weights: per ballot one
 * bigint `power mod W` and one addition; per group q·wₖ is summed once as (Σpower − Σr)/W · wₖ.
 * `each(i, picks, parts)`, when given, receives every ballot's parts (quadratic needs them) and the
 * grouping is skipped. Returns the per-choice sums (index choice − 1) and the total power.
 */
export function weightedSums(ballots: readonly Ballot[], choices: number, each?: (picks: readonly number[], parts: readonly bigint[]) => void): { sums: bigint[]; total: bigint } {
  const sums: bigint[] = new Array(choices).fill(0n)
  if (each) {
    let total = 0n
    for (let i = 0; i < ballots.length; i++) {
      const { choice, power } = ballots[i]!
      const { picks, weights } = checkWeights(choice, choices, i)
      const parts = splitParts(power, weights)
      for (let k = 0; k < picks.length; k++) sums[picks[k]! - 1]! += parts[k]!
      each(picks, parts)
      total += power
    }
    return { sums, total }
  }
  const groups = new Map<number | string, Group>()
  for (let i = 0; i < ballots.length; i++) {
    const { choice, power } = ballots[i]!
    const key = groupKey(choice, choices)
    let group = key === undefined ? undefined : groups.get(key)
    if (group === undefined) {
      const { picks, weights } = checkWeights(choice, choices, i)
      let sum = 0
      let max = 0
      for (const w of weights) {
        sum += w
        if (w > max) max = w
      }
      const small = Number.isSafeInteger(sum) && sum * max < FLUSH
      group = { picks, weights, sum, total: BigInt(sum), power: 0n, rest: 0, restBig: 0n, extra: new Array(picks.length).fill(0), extraBig: new Array(picks.length).fill(0n), memo: small && sum <= 4096 ? [] : undefined, small }
      groups.set(key!, group)
    }
    group.power += power
    if (group.picks.length === 1) continue
    if (!group.small) {
      // Huge weights: the plain split, per ballot, in bigint.
      const parts = splitPower(power, group.weights)
      const q = power / group.total
      group.restBig += power - q * group.total
      for (let k = 0; k < parts.length; k++) group.extraBig[k]! += parts[k]! - q * BigInt(group.weights[k]!)
      continue
    }
    const r = Number(power % group.total)
    group.rest += r
    if (group.rest >= FLUSH) {
      group.restBig += BigInt(group.rest)
      group.rest = 0
    }
    const small = splitOf(group, r, group.sum)
    for (let k = 0; k < small.length; k++) {
      const e = (group.extra[k]! += small[k]!)
      if (e >= FLUSH) {
        group.extraBig[k]! += BigInt(e)
        group.extra[k] = 0
      }
    }
  }
  let total = 0n
  for (const group of groups.values()) {
    total += group.power
    if (group.picks.length === 1) {
      sums[group.picks[0]! - 1]! += group.power
      continue
    }
    const q = (group.power - group.restBig - BigInt(group.rest)) / group.total
    for (let k = 0; k < group.picks.length; k++) {
      sums[group.picks[k]! - 1]! += q * BigInt(group.weights[k]!) + group.extraBig[k]! + BigInt(group.extra[k]!)
    }
  }
  return { sums, total }
}

/** `splitPower` (its own one- and two-weight paths), past two weights with one bigint division: q = power / W, then q·wₖ + the small parts of r. */
export function splitParts(power: bigint, weights: readonly number[]): readonly bigint[] {
  if (weights.length <= 2) return splitPower(power, weights)
  let sum = 0
  let max = 0
  for (const w of weights) {
    sum += w
    if (w > max) max = w
  }
  if (!(Number.isSafeInteger(sum) && sum * max < FLUSH)) return splitPower(power, weights)
  const total = BigInt(sum)
  const q = power / total
  const small = smallSplit(Number(power - q * total), weights, sum)
  const parts: bigint[] = new Array(weights.length)
  let rest = power
  for (let k = 0; k < weights.length - 1; k++) {
    const part = q * BigInt(weights[k]!) + BigInt(small[k]!)
    parts[k] = part
    rest -= part
  }
  parts[weights.length - 1] = rest
  return parts
}
