import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { InvariantError } from '../../errors'
import { InvalidBallotError } from '../errors'
import { createQuadraticCounter, tallyQuadratic } from './quadratic'
import type { Ballot, BallotChoice } from './types'
import { tallyWeighted } from './weighted'
import { tallyWeightedGroups, type WeightedGroup } from './weighted-groups'

const voter = (i: number) => `0x${i.toString(16).padStart(40, '0')}`

// Few weight vectors (zero weights included, as the signed vote allows), small to huge weights and powers.
const weightsArb = (choices: number) =>
  fc
    .uniqueArray(fc.tuple(fc.integer({ min: 1, max: choices }), fc.oneof(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: Math.floor(Number.MAX_SAFE_INTEGER / 16) }))), { minLength: 1, maxLength: choices, selector: ([c]) => c })
    .filter((pairs) => pairs.some(([, w]) => w > 0))
    .map((pairs) => Object.fromEntries(pairs.map(([c, w]) => [String(c), w])) as Record<string, number>)
const powerArb = fc.oneof(fc.bigInt({ min: 0n, max: 30n }), fc.bigInt({ min: 0n, max: 10n ** 24n }), fc.bigInt({ min: 0n, max: 2n ** 120n }))
const proposalArb = fc.integer({ min: 1, max: 7 }).chain((choices) =>
  fc.tuple(
    fc.constant(choices),
    fc.array(weightsArb(choices), { minLength: 1, maxLength: 4 }).chain((vectors) => fc.array(fc.tuple(powerArb, fc.constantFrom(...vectors), fc.boolean()), { maxLength: 80 })),
  ),
)

/** What `GROUP BY choice, voting_power mod Σw` returns, in JS; `split` puts a voter in a second row of the same (choice, r), as a grouping may. */
function groupAsSql(rows: readonly [bigint, Record<string, number>, boolean][]): WeightedGroup[] {
  const groups = new Map<string, WeightedGroup>()
  for (const [power, choice, split] of rows) {
    const weightSum = Object.values(choice).reduce((sum, w) => sum + BigInt(w), 0n)
    const remainder = power % weightSum
    const key = `${JSON.stringify(choice)}|${remainder}|${split}`
    const group = groups.get(key) ?? { choice, weightSum, remainder, power: 0n, voters: 0 }
    group.power += power
    group.voters += 1
    groups.set(key, group)
  }
  return [...groups.values()]
}

describe('tallyWeightedGroups', () => {
  it('equals tallyWeighted over one ballot per voter: scores, total, voters, winner, tie-break, quorum', () => {
    fc.assert(
      fc.property(proposalArb, fc.bigInt({ min: 0n, max: 10n ** 25n }), ([choices, rows], quorum) => {
        const ballots: Ballot[] = rows.map(([power, choice], i) => ({ voter: voter(i), power, choice }))
        expect(tallyWeightedGroups({ choices, groups: groupAsSql(rows), quorum })).toEqual(tallyWeighted({ choices, ballots, quorum }))
      }),
      { numRuns: 500 },
    )
  })

  it('the worked example: 10 on { 1: 1, 2: 2 } and 7 on the same → [3 + 2, 7 + 5]', () => {
    const choice = { '1': 1, '2': 2 }
    const groups: WeightedGroup[] = [
      { choice, weightSum: 3n, remainder: 1n, power: 10n + 7n, voters: 2 },
    ]
    expect(tallyWeightedGroups({ choices: 2, groups })).toMatchObject({ scores: [5n, 12n], total: 17n, voters: 2, winner: 2 })
  })

  it('refuses a choice that does not fit (InvalidBallotError naming the group) and a group that cannot be right (InvariantError)', () => {
    const choice = { '1': 1, '2': 2 }
    const good: WeightedGroup = { choice, weightSum: 3n, remainder: 1n, power: 17n, voters: 2 }
    expect(() => tallyWeightedGroups({ choices: 2, groups: [good, { ...good, choice: { '3': 1 } }] })).toThrow(InvalidBallotError)
    expect(() => tallyWeightedGroups({ choices: 2, groups: [good, { ...good, choice: { '3': 1 } }] })).toThrow(/ballot 1/)
    expect(() => tallyWeightedGroups({ choices: 2, groups: [{ ...good, weightSum: 4n }] })).toThrow(InvariantError)
    expect(() => tallyWeightedGroups({ choices: 2, groups: [{ ...good, remainder: 3n, power: 6n }] })).toThrow(InvariantError)
    expect(() => tallyWeightedGroups({ choices: 2, groups: [{ ...good, power: 18n }] })).toThrow(InvariantError)
    expect(() => tallyWeightedGroups({ choices: 2, groups: [{ ...good, voters: 0 }] })).toThrow(InvariantError)
  })
})

describe('createQuadraticCounter', () => {
  it('slices cut anywhere give tallyQuadratic over all ballots at once', () => {
    fc.assert(
      fc.property(proposalArb, fc.array(fc.nat({ max: 80 }), { maxLength: 5 }), ([choices, rows], cuts) => {
        const ballots: Ballot[] = rows.map(([power, choice], i) => ({ voter: voter(i), power, choice }))
        const counter = createQuadraticCounter(choices)
        const at = [0, ...cuts.map((c) => Math.min(c, ballots.length)).sort((a, b) => a - b), ballots.length]
        for (let k = 1; k < at.length; k++) counter.add(ballots.slice(at[k - 1], at[k]))
        expect(counter.result(10n ** 20n)).toEqual(tallyQuadratic({ choices, ballots, quorum: 10n ** 20n }))
      }),
      { numRuns: 300 },
    )
  })

  it('names a bad ballot by its index among every ballot added, across slices', () => {
    const counter = createQuadraticCounter(2)
    const choice: BallotChoice = { '1': 1 }
    counter.add([{ voter: voter(0), power: 1n, choice }])
    expect(() => counter.add([{ voter: voter(1), power: 1n, choice }, { voter: voter(2), power: -1n, choice }])).toThrow(/ballot 2: power must not be negative/)
    expect(() => createQuadraticCounter(2).add([{ voter: voter(0), power: 1n, choice: { '5': 1 } }])).toThrow(InvalidBallotError)
  })
})
