import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { InvalidBallotError } from '../errors'
import { isqrt } from './isqrt'
import { latestBallots } from './latest-ballots'
import { rootOfBig, rootOfParts } from './quadratic-root'
import { splitPower } from './split-power'
import { tally } from './tally'
import { VOTING_TYPES, type Ballot, type BallotChoice, type TieBreak, type VotingType } from './types'

const token = 10n ** 18n
const voter = (i: number) => `0x${i.toString(16).padStart(40, '0')}`
const ballot = (i: number, power: bigint, choice: BallotChoice, timestamp?: number): Ballot => ({ voter: voter(i), power, choice, ...(timestamp === undefined ? {} : { timestamp }) })

describe('worked examples', () => {
  it("Snapshot's quadratic example: A 9; B 4, 1 and 1 → 5.4 vs 9.6 of 15", () => {
    const result = tally({
      type: 'quadratic',
      choices: 2,
      ballots: [ballot(1, 9n * token, { 1: 1 }), ballot(2, 4n * token, { 2: 1 }), ballot(3, 1n * token, { 2: 1 }), ballot(4, 1n * token, { 2: 1 })],
    })
    expect(result.total).toBe(15n * token)
    expect(result.scores).toEqual([54n * token / 10n, 96n * token / 10n])
    expect(result.raw).toEqual([9n * token, 6n * token])
    // √9 = 3, √4 + √1 + √1 = 4: Q = 9 and 16 (units of 10⁻¹⁸ power, so ×10¹⁸ of the token's 10¹⁸).
    expect(result.quadratic).toEqual([9n * token * 10n ** 18n, 16n * token * 10n ** 18n])
    expect(result.winner).toBe(2)
  })

  it('quadratic splits a voter by weight before the square root, and the scores sum to the power exactly', () => {
    const result = tally({ type: 'quadratic', choices: 3, ballots: [ballot(1, 10n, { 1: 1, 2: 1, 3: 1 }), ballot(2, 7n, { 3: 2 })] })
    expect(result.raw).toEqual([4n, 3n, 10n])
    expect(result.scores.reduce((a, b) => a + b, 0n)).toBe(17n)
  })

  it('basic: quorum counts For + Abstain; passes only when For > Against', () => {
    const ballots = [ballot(1, 40n, 1), ballot(2, 30n, 2), ballot(3, 20n, 3)]
    expect(tally({ type: 'basic', choices: 3, quorum: 60n, ballots })).toMatchObject({ scores: [40n, 30n, 20n], total: 90n, quorumReached: true, passed: true, winner: 1 })
    // For + Abstain = 60 < 61: not reached, though 90 were cast.
    expect(tally({ type: 'basic', choices: 3, quorum: 61n, ballots })).toMatchObject({ quorumReached: false, passed: false, winner: null })
    // A tie between For and Against fails (For must exceed Against).
    expect(tally({ type: 'basic', choices: 3, quorum: 10n, ballots: [ballot(1, 30n, 1), ballot(2, 30n, 2)] })).toMatchObject({ quorumReached: true, passed: false, winner: 2 })
  })

  it('single-choice and approval: a tie at the top has no winner and says so', () => {
    const single = tally({ type: 'single-choice', choices: 3, ballots: [ballot(1, 5n, 1), ballot(2, 5n, 3), ballot(3, 2n, 2)] })
    expect(single).toMatchObject({ scores: [5n, 2n, 5n], winner: null, tieBreak: [{ position: 'top', tied: [1, 3], chosen: null, rule: 'no-winner' }] })
    const approval = tally({ type: 'approval', choices: 3, maxPicks: 2, ballots: [ballot(1, 5n, [1, 2]), ballot(2, 3n, [2])] })
    expect(approval).toMatchObject({ scores: [5n, 8n, 0n], total: 8n, winner: 2 })
    expect(() => tally({ type: 'approval', choices: 3, maxPicks: 2, ballots: [ballot(1, 5n, [1, 2, 3])] })).toThrow(InvalidBallotError)
  })

  it('weighted: power split by weight share, remainders to the largest fraction', () => {
    // 10 × 1/3 = 3.33, 10 × 2/3 = 6.67: the unit left goes to choice 2.
    expect(tally({ type: 'weighted', choices: 2, ballots: [ballot(1, 10n, { 1: 1, 2: 2 })] }).scores).toEqual([3n, 7n])
    expect(splitPower(10n, [1, 1, 1])).toEqual([4n, 3n, 3n])
    expect(splitPower(11n, [1, 1])).toEqual([6n, 5n])
  })

  it('zero-power voters are counted as voters and add nothing', () => {
    for (const type of VOTING_TYPES) {
      const result = tally({ type, choices: 3, ballots: [ballot(1, 0n, choiceFor(type, 1)), ballot(2, 0n, choiceFor(type, 2))] })
      expect(result.total).toBe(0n)
      expect(result.voters).toBe(2)
      expect(result.scores.every((s) => s === 0n)).toBe(true)
      expect(result.winner).toBe(null)
    }
  })

  it('ranked-choice: transfers, exhausted partial ballots, every round', () => {
    // Round 1: 1 → 40, 2 → 35, 3 → 25. No majority of 100; 3 is out; its ballots: 15 go to 2, 10 ran out.
    const ballots = [ballot(1, 40n, [1]), ballot(2, 35n, [2, 1]), ballot(3, 15n, [3, 2]), ballot(4, 10n, [3])]
    const result = tally({ type: 'ranked-choice', choices: 3, ballots })
    expect(result.rounds).toEqual([
      [40n, 35n, 25n],
      [40n, 50n, 0n],
    ])
    expect(result.exhausted).toEqual([0n, 10n])
    expect(result.eliminated).toEqual([3, null])
    // 50 of the 90 still counting is a majority, though not of the 100 cast.
    expect(result.winner).toBe(2)
    expect(result.tieBreak).toBeUndefined()
  })

  it('ranked-choice: every ballot exhausted leaves no winner', () => {
    const result = tally({ type: 'ranked-choice', choices: 3, ballots: [ballot(1, 5n, [1]), ballot(2, 5n, [2]), ballot(3, 5n, [3])] })
    // 3-way tie: choice 3 (higher index, never separated) out; its ballot runs out; 1 and 2 tie at the top.
    expect(result.eliminated).toEqual([3, 2])
    expect(result.winner).toBe(1)
    expect(result.tieBreak).toEqual([
      { position: 'bottom', round: 1, tied: [1, 2, 3], chosen: 3, rule: 'choice-index' },
      { position: 'top', round: 2, tied: [1, 2], chosen: 1, rule: 'choice-index' },
    ])
    const none = tally({ type: 'ranked-choice', choices: 2, ballots: [] })
    expect(none).toMatchObject({ winner: null, rounds: [[0n, 0n]] })
  })

  it('ranked-choice: a tie at the bottom goes to the earliest round that separates them', () => {
    // Round 1: 1 → 30, 2 → 20, 3 → 25, 4 → 9 (out; 5 moves to 2, 4 runs out). Round 2: 2 and 3 both
    // 25: 2 had fewer in round 1, so 2 is out; its ballots run out. Round 3: 30 of 55 is a majority.
    const ballots = [ballot(1, 30n, [1]), ballot(2, 20n, [2]), ballot(3, 25n, [3]), ballot(4, 5n, [4, 2]), ballot(5, 4n, [4])]
    const result = tally({ type: 'ranked-choice', choices: 4, ballots })
    expect(result.rounds![1]).toEqual([30n, 25n, 25n, 0n])
    expect(result.tieBreak).toEqual([{ position: 'bottom', round: 2, tied: [2, 3], chosen: 2, rule: 'earlier-round', decidedInRound: 1 }])
    expect(result.eliminated).toEqual([4, 2, null])
    expect(result.exhausted).toEqual([0n, 4n, 29n])
    expect(result.winner).toBe(1)
  })

  it('rejects ballots that do not fit, naming them', () => {
    expect(() => tally({ type: 'single-choice', choices: 2, ballots: [ballot(1, 1n, 3)] })).toThrow(/ballot 0: choice must be a whole number from 1 to 2/)
    expect(() => tally({ type: 'ranked-choice', choices: 3, ballots: [ballot(1, 1n, [1, 1])] })).toThrow(/appears twice/)
    expect(() => tally({ type: 'weighted', choices: 3, ballots: [ballot(1, 1n, { 1: 0 })] })).toThrow(/at least one weight/)
    expect(() => tally({ type: 'weighted', choices: 3, ballots: [ballot(1, 1n, { '01': 1 })] })).toThrow(/not a choice number/)
    expect(() => tally({ type: 'basic', choices: 2, ballots: [] })).toThrow(/exactly 3 choices/)
  })

  it('isqrt is the exact floor', () => {
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: 2n ** 300n }), (n) => {
      const r = isqrt(n)
      return r * r <= n && (r + 1n) * (r + 1n) > n
    }))
  })
})

function choiceFor(type: VotingType, c: number): BallotChoice {
  if (type === 'approval' || type === 'ranked-choice') return [c]
  if (type === 'weighted' || type === 'quadratic') return { [c]: 1 }
  return c
}

const CHOICES = 4
const choiceArb = (type: VotingType): fc.Arbitrary<BallotChoice> => {
  const pick = fc.integer({ min: 1, max: type === 'basic' ? 3 : CHOICES })
  switch (type) {
    case 'basic':
    case 'single-choice':
      return pick
    case 'approval':
    case 'ranked-choice':
      return fc.uniqueArray(pick, { minLength: 1, maxLength: CHOICES })
    default:
      return fc
        .uniqueArray(fc.tuple(pick, fc.integer({ min: 0, max: 5 })), { minLength: 1, maxLength: CHOICES, selector: ([c]) => c })
        .filter((pairs) => pairs.some(([, w]) => w > 0))
        .map((pairs) => Object.fromEntries(pairs.map(([c, w]) => [String(c), w])))
  }
}
const ballotsArb = (type: VotingType) =>
  fc.array(
    fc.record({ voter: fc.integer({ min: 0, max: 12 }).map(voter), power: fc.bigInt({ min: 0n, max: 10n ** 24n }), choice: choiceArb(type), timestamp: fc.integer({ min: 0, max: 5 }), id: fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 4, maxLength: 4 }) }),
    { maxLength: 30 },
  )
const choicesOf = (type: VotingType) => (type === 'basic' ? 3 : CHOICES)
const sumOfLatest = (ballots: readonly Ballot[]) => {
  const counted = new Map<string, Ballot>()
  for (const b of ballots) {
    const held = counted.get(b.voter)
    if (!held || BigInt(b.timestamp!) > BigInt(held.timestamp!) || (b.timestamp === held.timestamp && b.id! < held.id!) || (b.timestamp === held.timestamp && b.id === held.id && `${b.power}|${JSON.stringify(b.choice)}` < `${held.power}|${JSON.stringify(held.choice)}`)) counted.set(b.voter, b)
  }
  return [...counted.values()].reduce((a, b) => a + b.power, 0n)
}

describe.each(VOTING_TYPES)('%s properties', (type) => {
  it('counted power never exceeds the sum of the voters\u2019 power', () => {
    fc.assert(fc.property(ballotsArb(type), (ballots) => {
      const result = tally({ type, choices: choicesOf(type), ballots })
      expect(result.total).toBe(sumOfLatest(ballots))
      for (const s of result.scores) expect(s <= result.total).toBe(true)
      const sum = result.scores.reduce((a, b) => a + b, 0n)
      if (type !== 'approval') expect(sum <= result.total).toBe(true)
      for (const round of result.rounds ?? []) expect(round.reduce((a, b) => a + b, 0n) <= result.total).toBe(true)
    }))
  })

  it('a re-vote replaces the earlier one and never adds to it', () => {
    fc.assert(fc.property(ballotsArb(type), choiceArb(type), fc.bigInt({ min: 0n, max: 10n ** 24n }), (ballots, earlierChoice, earlierPower) => {
      fc.pre(ballots.length > 0)
      const latest = ballots[0]!
      const before = tally({ type, choices: choicesOf(type), ballots })
      // The same voter voted earlier (smaller timestamp): the tally must not change.
      const earlier: Ballot = { voter: latest.voter, power: earlierPower, choice: earlierChoice, timestamp: -1 }
      const after = tally({ type, choices: choicesOf(type), ballots: [earlier, ...ballots] })
      expect(after).toEqual(before)
    }))
  })

  it('the order of ballots does not change the result', () => {
    fc.assert(fc.property(ballotsArb(type).chain((ballots) => fc.tuple(fc.constant(ballots), fc.shuffledSubarray(ballots, { minLength: ballots.length, maxLength: ballots.length }))), ([ballots, shuffled]) => {
      expect(tally({ type, choices: choicesOf(type), ballots: shuffled })).toEqual(tally({ type, choices: choicesOf(type), ballots }))
    }))
  })
})

// Straightforward reference implementations of the rules (the code before the speed-ups): the
// fast paths (grouping, Number arithmetic, one-step isqrt) must give bit-identical results.
function referenceIsqrt(n: bigint): bigint {
  if (n < 2n) return n
  let x = n
  let y = (x + 1n) >> 1n
  while (y < x) {
    x = y
    y = (x + n / x) >> 1n
  }
  return x
}
function referenceWeights(choice: BallotChoice): { picks: number[]; weights: number[] } {
  const picks: number[] = []
  const weights: number[] = []
  for (const [key, w] of Object.entries(choice as Record<string, number>).sort(([a], [b]) => Number(a) - Number(b))) {
    if (w > 0) {
      picks.push(Number(key))
      weights.push(w)
    }
  }
  return { picks, weights }
}
function referenceSplit(power: bigint, weights: readonly number[]): bigint[] {
  const total = weights.reduce((a, b) => a + BigInt(b), 0n)
  const parts = weights.map((w) => (power * BigInt(w)) / total)
  const remainders = weights.map((w) => (power * BigInt(w)) % total)
  let left = power - parts.reduce((a, b) => a + b, 0n)
  while (left > 0n) {
    let best = 0
    for (let i = 1; i < weights.length; i++) if (remainders[i]! > remainders[best]!) best = i
    parts[best]! += 1n
    remainders[best] = -1n
    left -= 1n
  }
  return parts
}
function referenceWeighted(ballots: readonly Ballot[], choices: number): { scores: bigint[]; raw: bigint[]; quadratic: bigint[]; total: bigint } {
  const scores: bigint[] = new Array(choices).fill(0n)
  const roots: bigint[] = new Array(choices).fill(0n)
  let total = 0n
  for (const b of ballots) {
    const { picks, weights } = referenceWeights(b.choice)
    const parts = referenceSplit(b.power, weights)
    picks.forEach((c, k) => {
      scores[c - 1]! += parts[k]!
      roots[c - 1]! += referenceIsqrt(parts[k]! * 10n ** 18n)
    })
    total += b.power
  }
  return { scores, raw: scores, quadratic: roots.map((s) => s * s), total }
}

describe('fast paths equal the reference rules', () => {
  const weightsArb = (choices: number) =>
    fc
      .uniqueArray(fc.tuple(fc.integer({ min: 1, max: choices }), fc.oneof(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: Math.floor(Number.MAX_SAFE_INTEGER / 16) }))), { minLength: 1, maxLength: choices, selector: ([c]) => c })
      .filter((pairs) => pairs.some(([, w]) => w > 0))
      .map((pairs) => Object.fromEntries(pairs.map(([c, w]) => [String(c), w])))
  const powerArb = fc.oneof(fc.bigInt({ min: 0n, max: 1000n }), fc.bigInt({ min: 0n, max: 10n ** 24n }), fc.bigInt({ min: 0n, max: 2n ** 120n }))
  // Few distinct weight vectors, so that groups hold several ballots (and the memo is used).
  const weightedBallotsArb = (choices: number) =>
    fc.array(weightsArb(choices), { minLength: 1, maxLength: 4 }).chain((vectors) =>
      fc.array(fc.tuple(powerArb, fc.integer({ min: 0, max: vectors.length - 1 })).map(([power, v]) => ({ power, choice: vectors[v]! })), { maxLength: 60 }),
    )

  it('weighted and quadratic: scores, raw, quadratic and total', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 7 }).chain((choices) => fc.tuple(fc.constant(choices), weightedBallotsArb(choices))), ([choices, rows]) => {
      const ballots = rows.map((r, i) => ({ voter: voter(i), ...r }))
      const ref = referenceWeighted(ballots, choices)
      const weighted = tally({ type: 'weighted', choices, ballots, unique: true })
      expect(weighted.scores).toEqual(ref.scores)
      expect(weighted.total).toBe(ref.total)
      const quadratic = tally({ type: 'quadratic', choices, ballots, unique: true })
      expect(quadratic.raw).toEqual(ref.raw)
      expect(quadratic.quadratic).toEqual(ref.quadratic)
      for (const b of ballots) expect(splitPower(b.power, referenceWeights(b.choice).weights)).toEqual(referenceSplit(b.power, referenceWeights(b.choice).weights))
    }), { numRuns: 300 })
  })

  it('quadratic\'s Number path equals the reference near its limits: powers about 2^84, weight sums about 2^20, choices and weights past 255', () => {
    const edgePower = fc.oneof(fc.bigInt({ min: 2n ** 84n - 2n ** 20n, max: 2n ** 84n + 2n ** 20n }), fc.bigInt({ min: 0n, max: 2n ** 84n }), fc.integer({ min: 0, max: 3000 }).map((k) => BigInt(k) ** 2n * 10n ** 18n), fc.bigInt({ min: 0n, max: 2n ** 40n }).map((k) => k * k))
    const edgeWeight = fc.oneof(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 2 ** 19 - 5, max: 2 ** 19 + 5 }), fc.integer({ min: 2 ** 20 - 3, max: 2 ** 20 + 3 }))
    const vectorArb = (choices: number) =>
      fc
        .uniqueArray(fc.tuple(fc.integer({ min: 1, max: choices }), edgeWeight), { minLength: 1, maxLength: 5, selector: ([c]) => c })
        .filter((pairs) => pairs.some(([, w]) => w > 0))
        .map((pairs) => Object.fromEntries(pairs.map(([c, w]) => [String(c), w])))
    fc.assert(fc.property(fc.integer({ min: 1, max: 300 }).chain((choices) => fc.tuple(fc.constant(choices), fc.array(vectorArb(choices), { minLength: 1, maxLength: 3 }).chain((vectors) => fc.array(fc.tuple(edgePower, fc.constantFrom(...vectors)), { maxLength: 30 })))), ([choices, rows]) => {
      const ballots = rows.map(([power, choice], i) => ({ voter: voter(i), power, choice }))
      const ref = referenceWeighted(ballots, choices)
      const quadratic = tally({ type: 'quadratic', choices, ballots, unique: true })
      expect(quadratic.raw).toEqual(ref.raw)
      expect(quadratic.quadratic).toEqual(ref.quadratic)
      expect(quadratic.total).toBe(ref.total)
      expect(tally({ type: 'weighted', choices, ballots, unique: true }).scores).toEqual(ref.scores)
    }), { numRuns: 300 })
  })

  it('the certified Number square root equals isqrt, or declines (perfect squares and their neighbours included)', () => {
    const out = new Float64Array(2)
    const limbs = fc.oneof(
      fc.tuple(fc.integer({ min: 0, max: 2 ** 52 - 1 }), fc.integer({ min: 0, max: 2 ** 52 })),
      // part = k² ± d: part × 10¹⁸ is a perfect square at d = 0.
      fc.tuple(fc.bigInt({ min: 0n, max: 2n ** 42n - 1n }), fc.integer({ min: -2, max: 2 })).map(([k, d]) => {
        const part = k * k + BigInt(d) < 0n ? 0n : k * k + BigInt(d)
        return [Number(part >> 32n), Number(part & 0xffffffffn)] as [number, number]
      }),
    )
    let declined = 0
    fc.assert(fc.property(limbs, ([H, L]) => {
      const exact = referenceIsqrt((BigInt(H) * 2n ** 32n + BigInt(L)) * 10n ** 18n)
      expect(rootOfBig(H, L)).toBe(exact)
      if (rootOfParts(H, L, out)) expect(BigInt(out[0]!) * 2n ** 32n + BigInt(out[1]!)).toBe(exact)
      else declined++
    }), { numRuns: 20000 })
    // It declines rarely (about the perfect squares), or it would not be a fast path.
    expect(declined).toBeLessThan(20000 / 4)
  })

  it('isqrt equals the plain Newton iteration', () => {
    fc.assert(fc.property(fc.oneof(fc.bigInt({ min: 0n, max: 2n ** 60n }), fc.bigInt({ min: 2n ** 100n, max: 2n ** 110n }), fc.bigInt({ min: 2n ** 200n, max: 2n ** 210n }), fc.bigInt({ min: 0n, max: 2n ** 400n })), (n) => {
      expect(isqrt(n)).toBe(referenceIsqrt(n))
      const s = isqrt(n * n)
      expect(s).toBe(n)
    }), { numRuns: 2000 })
  })
})

/** Instant runoff recounted from every ballot each round (no groups, no buckets), same tie-break. */
function referenceRankedChoice(ballots: readonly Ballot[], choices: number) {
  const continuing = Array.from({ length: choices }, (_, i) => i + 1)
  const rounds: bigint[][] = []
  const exhausted: bigint[] = []
  const eliminated: (number | null)[] = []
  const tieBreak: TieBreak[] = []
  const total = ballots.reduce((a, b) => a + b.power, 0n)
  for (;;) {
    const round: bigint[] = new Array(choices).fill(0n)
    for (const b of ballots) {
      const c = (b.choice as number[]).find((x) => continuing.includes(x))
      if (c !== undefined) round[c - 1]! += b.power
    }
    rounds.push(round)
    const counting = round.reduce((a, b) => a + b, 0n)
    exhausted.push(total - counting)
    if (counting === 0n) return { rounds, exhausted, eliminated: [...eliminated, null], winner: null, tieBreak }
    const leader = continuing.reduce((a, c) => (round[c - 1]! > round[a - 1]! ? c : a))
    if (round[leader - 1]! * 2n > counting || continuing.length === 1) return { rounds, exhausted, eliminated: [...eliminated, null], winner: leader, tieBreak }
    const position = continuing.length === 2 ? 'top' : 'bottom'
    const low = continuing.reduce((a, c) => (round[c - 1]! < a ? round[c - 1]! : a), round[continuing[0]! - 1]!)
    const all = continuing.filter((c) => round[c - 1] === low)
    let tied = all
    let decided: number | undefined
    for (let r = 0; r < rounds.length - 1 && tied.length > 1; r++) {
      const min = tied.reduce((a, c) => (rounds[r]![c - 1]! < a ? rounds[r]![c - 1]! : a), rounds[r]![tied[0]! - 1]!)
      const fewer = tied.filter((c) => rounds[r]![c - 1] === min)
      if (fewer.length < tied.length) {
        tied = fewer
        if (tied.length === 1) decided = r + 1
      }
    }
    const loser = tied[tied.length - 1]!
    if (all.length > 1) {
      const chosen = position === 'top' ? all.find((c) => c !== loser)! : loser
      tieBreak.push(decided === undefined ? { position, round: rounds.length, tied: all, chosen, rule: 'choice-index' } : { position, round: rounds.length, tied: all, chosen, rule: 'earlier-round', decidedInRound: decided })
    }
    eliminated.push(loser)
    continuing.splice(continuing.indexOf(loser), 1)
    if (continuing.length === 1) return { rounds, exhausted, eliminated, winner: continuing[0]!, tieBreak }
  }
}

describe('ranked-choice equals the reference recount', () => {
  it('rounds, exhausted, eliminated, winner and tie-breaks', () => {
    const rankingArb = (choices: number) => fc.uniqueArray(fc.integer({ min: 1, max: choices }), { minLength: 1, maxLength: choices })
    fc.assert(fc.property(fc.integer({ min: 1, max: 17 }).chain((choices) => fc.tuple(fc.constant(choices), fc.array(rankingArb(choices), { minLength: 1, maxLength: 5 }).chain((pool) => fc.array(fc.tuple(fc.constantFrom(...pool), fc.oneof(fc.bigInt({ min: 0n, max: 4n }), fc.bigInt({ min: 0n, max: 10n ** 24n }))), { maxLength: 40 })))), ([choices, rows]) => {
      const ballots = rows.map(([choice, power], i) => ({ voter: voter(i), power, choice }))
      const ref = referenceRankedChoice(ballots, choices)
      const result = tally({ type: 'ranked-choice', choices, ballots, unique: true })
      expect(result.rounds).toEqual(ref.rounds)
      expect(result.exhausted).toEqual(ref.exhausted)
      expect(result.eliminated).toEqual(ref.eliminated)
      expect(result.winner).toBe(ref.winner)
      expect(result.tieBreak ?? []).toEqual(ref.tieBreak)
      expect(result.scores).toEqual(ref.rounds[ref.rounds.length - 1])
    }), { numRuns: 500 })
  })
})

describe('ranked-choice\'s fast paths equal the reference recount', () => {
  const check = (choices: number, ballots: Ballot[]) => {
    const ref = referenceRankedChoice(ballots, choices)
    const result = tally({ type: 'ranked-choice', choices, ballots, unique: true })
    expect(result.rounds).toEqual(ref.rounds)
    expect(result.exhausted).toEqual(ref.exhausted)
    expect(result.eliminated).toEqual(ref.eliminated)
    expect(result.winner).toBe(ref.winner)
    expect(result.tieBreak ?? []).toEqual(ref.tieBreak)
  }
  it('powers about 2^84 (Number limbs flushed, bigint groups past them) and rankings keyed as strings (40 choices)', () => {
    const power = fc.oneof(fc.bigInt({ min: 2n ** 83n, max: 2n ** 84n + 2n ** 10n }), fc.bigInt({ min: 0n, max: 2n ** 100n }), fc.bigInt({ min: 0n, max: 3n }))
    const rankingArb = (choices: number) => fc.uniqueArray(fc.integer({ min: 1, max: choices }), { minLength: 1, maxLength: choices })
    fc.assert(fc.property(fc.constantFrom(3, 10, 40).chain((choices) => fc.tuple(fc.constant(choices), fc.array(rankingArb(choices), { minLength: 1, maxLength: 6 }).chain((pool) => fc.array(fc.tuple(fc.constantFrom(...pool), power), { maxLength: 50 })))), ([choices, rows]) => {
      check(choices, rows.map(([choice, p], i) => ({ voter: voter(i), power: p, choice })))
    }), { numRuns: 300 })
  })
  it('thousands of distinct rankings (the hash table probes and grows past its first size)', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.uniqueArray(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 12 }), fc.bigInt({ min: 0n, max: 10n ** 22n })), { minLength: 2000, maxLength: 3000 }), (rows) => {
      check(12, rows.map(([choice, p], i) => ({ voter: voter(i), power: p, choice })))
    }), { numRuns: 5 })
  })
})

describe('latestBallots equals a Map of lower-cased voters', () => {
  it('same ballots kept, same order, case-insensitive (non-ASCII included)', () => {
    const voterArb = fc.constantFrom('0xAbC', '0xabc', '0xABC', 'Kelvin\u212A', 'kelvink', 'ÄÖ', 'äö', 'x', 'X', '')
    fc.assert(fc.property(fc.array(fc.record({ voter: voterArb, power: fc.bigInt({ min: 0n, max: 100n }), choice: fc.integer({ min: 1, max: 3 }), timestamp: fc.integer({ min: 0, max: 3 }), id: fc.constantFrom('a', 'b', 'c') }), { maxLength: 40 }), (ballots) => {
      const byVoter = new Map<string, Ballot>()
      for (const b of ballots) {
        const key = b.voter.toLowerCase()
        const held = byVoter.get(key)
        if (!held || b.timestamp > Number(held.timestamp) || (b.timestamp === held.timestamp && (b.id < held.id! || (b.id === held.id && `${b.power}|${JSON.stringify(b.choice)}` < `${held.power}|${JSON.stringify(held.choice)}`)))) byVoter.set(key, b)
      }
      expect(latestBallots(ballots)).toEqual([...byVoter.values()])
    }), { numRuns: 500 })
  })
})
