import { checkChoiceList } from './ballot-checks'
import type { Ballot, TallyResult, TieBreak } from './types'

export type TallyRankedChoiceParameters = { choices: number; ballots: readonly Ballot[]; quorum?: bigint }

/**
 * Instant runoff. Each ballot counts, with its voter's full power, for its highest-ranked choice
 * still in the race. A choice with more than half of the power of the ballots still counting wins;
 * otherwise the choice with the least power is eliminated and its ballots move to their next
 * choice. Partial rankings are allowed: a ballot whose ranked choices are all eliminated is
 * exhausted and counts no more.
 *
 * Tie-break (bottom and top alike): among choices tied for elimination, the one with fewer votes
 * in the earliest round that separates them is eliminated; if no round separates them, the higher
 * choice index is eliminated (the lower index stays). A tie of the last two is a tie at the top:
 * the same rule picks the winner. Every tie decided is recorded in `tieBreak`.
 * One ballot per voter. Work: identical rankings grouped (a typed-array hash table; one bigint
 * addition per repeated ranking), then O(distinct rankings + their transfers): a group moves only
 * when its current choice is eliminated, and moves as two Number limbs, not a bigint.
 */
export function tallyRankedChoice({ choices, ballots, quorum }: TallyRankedChoiceParameters): TallyResult {
  // Ballots with the same ranking move together: one group per distinct ranking, its power summed.
  const { rankings, powers } = groupRankings(ballots, choices)
  let total = 0n
  for (const power of powers) total += power
  const groups = rankings.length
  // Each group's power as two Number limbs (power = hi·2³² + lo), below 2⁸⁴; larger ones stay bigint.
  const hi = new Float64Array(groups)
  const lo = new Float64Array(groups)
  const big = new Uint8Array(groups)
  for (let g = 0; g < groups; g++) {
    const power = powers[g]!
    if (power < LIMB_POWER) {
      hi[g] = Number(power >> 32n)
      lo[g] = Number(power & 0xffffffffn)
    } else big[g] = 1
  }
  // Per choice (index 0: exhausted) power = bigSum + hiSum·2³² + loSum; Number sums flushed before 2⁵³.
  const bigSum: bigint[] = new Array(choices + 1).fill(0n)
  const hiSum = new Float64Array(choices + 1)
  const loSum = new Float64Array(choices + 1)
  const add = (c: number, g: number) => {
    if (big[g] === 1) {
      bigSum[c]! += powers[g]!
      return
    }
    if ((hiSum[c]! += hi[g]!) >= FLUSH) {
      bigSum[c]! += BigInt(hiSum[c]!) << 32n
      hiSum[c] = 0
    }
    if ((loSum[c]! += lo[g]!) >= FLUSH) {
      bigSum[c]! += BigInt(loSum[c]!)
      loSum[c] = 0
    }
  }
  const sumOf = (c: number) => bigSum[c]! + (BigInt(hiSum[c]!) << 32n) + BigInt(loSum[c]!)
  const position = new Int32Array(groups)
  const buckets: number[][] = Array.from({ length: choices + 1 }, () => [])
  for (let g = 0; g < groups; g++) {
    buckets[rankings[g]![0]!]!.push(g)
    add(rankings[g]![0]!, g)
  }
  const tally: bigint[] = new Array(choices + 1).fill(0n)
  const out = new Uint8Array(choices + 1)
  const continuing = new Set<number>(Array.from({ length: choices }, (_, i) => i + 1))
  const rounds: bigint[][] = []
  const exhaustedByRound: bigint[] = []
  const eliminated: (number | null)[] = []
  const tieBreak: TieBreak[] = []
  let winner: number | null = null
  for (;;) {
    for (let c = 1; c <= choices; c++) tally[c] = out[c] === 1 ? 0n : sumOf(c)
    const exhausted = sumOf(0)
    rounds.push(tally.slice(1))
    exhaustedByRound.push(exhausted)
    const active = total - exhausted
    if (active === 0n) {
      eliminated.push(null)
      break
    }
    let leader = 0
    for (const c of continuing) if (leader === 0 || tally[c]! > tally[leader]!) leader = c
    if (tally[leader]! * 2n > active || continuing.size === 1) {
      winner = leader
      eliminated.push(null)
      break
    }
    const loser = pickLoser([...continuing], tally, rounds, continuing.size === 2 ? 'top' : 'bottom', tieBreak)
    eliminated.push(loser)
    if (continuing.size === 2) {
      continuing.delete(loser)
      winner = [...continuing][0]!
      // The winner of a tie at the top is the one left; no further round is needed.
      break
    }
    continuing.delete(loser)
    out[loser] = 1
    for (const i of buckets[loser]!) {
      const ranking = rankings[i]!
      let p = position[i]! + 1
      while (p < ranking.length && out[ranking[p]!] === 1) p++
      position[i] = p
      if (p < ranking.length) {
        buckets[ranking[p]!]!.push(i)
        add(ranking[p]!, i)
      } else add(0, i)
    }
    buckets[loser] = []
  }
  const scores = rounds[rounds.length - 1]!
  return {
    type: 'ranked-choice',
    scores,
    total,
    voters: ballots.length,
    rounds,
    exhausted: exhaustedByRound,
    eliminated,
    winner,
    ...(tieBreak.length > 0 ? { tieBreak } : {}),
    ...(quorum === undefined ? {} : { quorumReached: total >= quorum }),
  }
}

/** 2⁵²: a Number sum is flushed into its bigint at this size (each term is below it, so sums stay exact below 2⁵³). */
const FLUSH = 4503599627370496
/** Group powers below 2⁸⁴ move as Number limbs (hi < 2⁵²); larger ones as bigints. */
const LIMB_POWER = 2n ** 84n
const TWO32 = 4294967296

/**
 * Distinct rankings (checked: `checkChoiceList`) and each one's summed power, in first-seen order.
 * A ranking is keyed as a number in base choices + 1 while that stays below 2⁵² (an open-addressing
 * table in typed arrays: no Map of a million keys), else as a string (a Map).
 */
function groupRankings(ballots: readonly Ballot[], choices: number): { rankings: (readonly number[])[]; powers: bigint[] } {
  const rankings: (readonly number[])[] = []
  const powers: bigint[] = []
  const base = choices + 1
  const exactDigits = Math.floor(52 / Math.log2(base))
  let capacity = 1024
  while (capacity < ballots.length * 2) capacity *= 2
  const mask = capacity - 1
  const keys = new Float64Array(capacity)
  const slots = new Int32Array(capacity).fill(-1)
  const byString = new Map<string, number>()
  for (let i = 0; i < ballots.length; i++) {
    const { choice, power } = ballots[i]!
    // The key, checking the ranking on the way (distinct whole numbers in 1..choices, a bitmask of
    // those seen); anything else goes through checkChoiceList, which throws its error.
    let key = -1
    if (Array.isArray(choice) && choice.length > 0 && choice.length <= exactDigits && choices <= 30) {
      key = 0
      let seen = 0
      for (let k = 0; k < choice.length; k++) {
        const c: unknown = choice[k]
        if (typeof c !== 'number' || !Number.isInteger(c) || c < 1 || c > choices || (seen & (1 << c)) !== 0) {
          key = -1
          break
        }
        seen |= 1 << c
        key = key * base + c
      }
    }
    const ranking = key === -1 ? checkChoiceList(choice, choices, i, choices) : (choice as readonly number[])
    let g: number | undefined
    if (ranking.length <= exactDigits) {
      if (key === -1) {
        key = 0
        for (let k = 0; k < ranking.length; k++) key = key * base + ranking[k]!
      }
      const low = key % TWO32
      let slot = Math.imul((low ^ Math.imul((key - low) / TWO32, 0x9e3779b1)) | 0, 0x85ebca6b) & mask
      for (;;) {
        const found = slots[slot]!
        if (found === -1) {
          slots[slot] = rankings.length
          keys[slot] = key
          break
        }
        if (keys[slot] === key) {
          g = found
          break
        }
        slot = (slot + 1) & mask
      }
    } else {
      const key = ranking.join(',')
      g = byString.get(key)
      if (g === undefined) byString.set(key, rankings.length)
    }
    if (g === undefined) {
      rankings.push(ranking)
      powers.push(power)
    } else powers[g]! += power
  }
  return { rankings, powers }
}

/** The continuing choice to eliminate: least power now, then the tie-break above (recorded). */
function pickLoser(candidates: number[], tally: readonly bigint[], rounds: readonly bigint[][], position: 'top' | 'bottom', tieBreak: TieBreak[]): number {
  let low = tally[candidates[0]!]!
  for (const c of candidates) if (tally[c]! < low) low = tally[c]!
  let tied = candidates.filter((c) => tally[c] === low).sort((a, b) => a - b)
  if (tied.length === 1) return tied[0]!
  const round = rounds.length
  const all = tied
  for (let r = 0; r < rounds.length - 1 && tied.length > 1; r++) {
    let min = rounds[r]![tied[0]! - 1]!
    for (const c of tied) if (rounds[r]![c - 1]! < min) min = rounds[r]![c - 1]!
    const fewer = tied.filter((c) => rounds[r]![c - 1] === min)
    if (fewer.length < tied.length) {
      tied = fewer
      if (tied.length === 1) {
        tieBreak.push({ position, round, tied: all, chosen: position === 'top' ? other(all, tied[0]!) : tied[0]!, rule: 'earlier-round', decidedInRound: r + 1 })
        return tied[0]!
      }
    }
  }
  const loser = tied[tied.length - 1]!
  tieBreak.push({ position, round, tied: all, chosen: position === 'top' ? other(all, loser) : loser, rule: 'choice-index' })
  return loser
}

function other(pair: readonly number[], loser: number): number {
  return pair.find((c) => c !== loser)!
}
