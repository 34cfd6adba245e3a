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
 * One ballot per voter. Work: one bigint addition per ballot to group identical rankings, then
 * O(distinct rankings + their transfers): a group moves only when its current choice is eliminated.
 */
export function tallyRankedChoice({ choices, ballots, quorum }: TallyRankedChoiceParameters): TallyResult {
  // Ballots with the same ranking move together: one group per distinct ranking, its power summed.
  const rankings: (readonly number[])[] = []
  const powers: bigint[] = []
  const byKey = new Map<number | string, number>()
  // A ranking as a number in base choices + 1 while that stays an exact integer, else as a string.
  const base = choices + 1
  const exactDigits = Math.floor(52 / Math.log2(base))
  let total = 0n
  for (let i = 0; i < ballots.length; i++) {
    const { choice, power } = ballots[i]!
    const ranking = checkChoiceList(choice, choices, i, choices)
    let key: number | string
    if (ranking.length <= exactDigits) {
      key = 0
      for (let k = 0; k < ranking.length; k++) key = key * base + ranking[k]!
    } else key = ranking.join(',')
    const g = byKey.get(key)
    if (g === undefined) {
      byKey.set(key, rankings.length)
      rankings.push(ranking)
      powers.push(power)
    } else powers[g]! += power
  }
  for (const power of powers) total += power
  const position = new Int32Array(rankings.length)
  const buckets: number[][] = Array.from({ length: choices + 1 }, () => [])
  const tally: bigint[] = new Array(choices + 1).fill(0n)
  for (let g = 0; g < rankings.length; g++) {
    buckets[rankings[g]![0]!]!.push(g)
    tally[rankings[g]![0]!]! += powers[g]!
  }
  const out = new Uint8Array(choices + 1)
  const continuing = new Set<number>(Array.from({ length: choices }, (_, i) => i + 1))
  const rounds: bigint[][] = []
  const exhaustedByRound: bigint[] = []
  const eliminated: (number | null)[] = []
  const tieBreak: TieBreak[] = []
  let exhausted = 0n
  let winner: number | null = null
  for (;;) {
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
      const power = powers[i]!
      if (p < ranking.length) {
        buckets[ranking[p]!]!.push(i)
        tally[ranking[p]!]! += power
      } else exhausted += power
    }
    buckets[loser] = []
    tally[loser] = 0n
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
