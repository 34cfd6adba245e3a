/**
 * PRIVATE STAND-IN for gov-core's `tally` (lib/governance/tally/), the smallest version of the
 * issue's rules so the results pages can be built before it lands; replaced by the real one at
 * merge. Pure: no I/O. Power in base units (bigint); quadratic scores are floats (Snapshot's rule).
 */
import type { VotingTypeName } from '../schema'

export type Ballot = { voter: string; power: bigint; choice: unknown }

export type TallyRound = { scores: bigint[]; eliminated: number | null; tieBreak?: string }

export type TallyOutput = {
  /** Per choice (index 0 = choice 1): power counted for it, base units. */
  scores: bigint[]
  /** Quadratic only: the rescaled scores (sum = total power), base units as floats. */
  quadraticScores?: number[]
  /** Power of the ballots counted. */
  total: bigint
  rounds?: TallyRound[]
  winner: number | null
  tieBreak?: string
}

export type TallyParameters = { type: VotingTypeName; choices: number; maxPicks?: number; ballots: Ballot[] }

const isChoice = (n: unknown, choices: number): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= choices

function topOf(scores: bigint[]): number | null {
  let best = -1
  scores.forEach((score, i) => {
    if (score > 0n && (best < 0 || score > scores[best]!)) best = i
  })
  return best < 0 ? null : best + 1
}

export function tally({ type, choices, maxPicks, ballots }: TallyParameters): TallyOutput {
  const scores = Array.from({ length: choices }, () => 0n)
  let total = 0n
  if (type === 'basic' || type === 'single-choice') {
    for (const { power, choice } of ballots) {
      if (!isChoice(choice, choices)) continue
      scores[choice - 1]! += power
      total += power
    }
    return { scores, total, winner: topOf(scores) }
  }
  if (type === 'approval') {
    for (const { power, choice } of ballots) {
      const picks = Array.isArray(choice) ? [...new Set(choice)].filter((c) => isChoice(c, choices)) : []
      if (picks.length === 0 || (maxPicks && picks.length > maxPicks)) continue
      for (const c of picks) scores[c - 1]! += power
      total += power
    }
    return { scores, total, winner: topOf(scores) }
  }
  if (type === 'weighted' || type === 'quadratic') {
    const roots = Array.from({ length: choices }, () => 0)
    for (const { power, choice } of ballots) {
      const weights = Object.entries((choice ?? {}) as Record<string, number>)
        .map(([c, w]) => [Number(c), Number(w)] as const)
        .filter(([c, w]) => isChoice(c, choices) && Number.isFinite(w) && w > 0)
      const sum = weights.reduce((s, [, w]) => s + w, 0)
      if (sum <= 0) continue
      for (const [c, w] of weights) {
        scores[c - 1]! += (power * BigInt(Math.round(w * 1e6))) / BigInt(Math.round(sum * 1e6))
        roots[c - 1]! += Math.sqrt((w / sum) * Number(power))
      }
      total += power
    }
    if (type === 'weighted') return { scores, total, winner: topOf(scores) }
    const squares = roots.map((r) => r * r)
    const squareSum = squares.reduce((s, q) => s + q, 0)
    const quadraticScores = squares.map((q) => (squareSum > 0 ? (q / squareSum) * Number(total) : 0))
    let winner: number | null = null
    quadraticScores.forEach((q, i) => {
      if (q > 0 && (winner === null || q > quadraticScores[winner - 1]!)) winner = i + 1
    })
    return { scores, quadraticScores, total, winner }
  }
  return rankedChoice(choices, ballots)
}

/** Instant runoff; partial rankings allowed (an exhausted ballot drops out). Ties: fewer first preferences in the earliest round that separates them, then the higher index is eliminated (the lower index wins). */
function rankedChoice(choices: number, ballots: Ballot[]): TallyOutput {
  const rankings = ballots
    .map(({ power, choice }) => ({ power, ranking: Array.isArray(choice) ? [...new Set(choice)].filter((c): c is number => isChoice(c, choices)) : [] }))
    .filter((b) => b.ranking.length > 0)
  const total = rankings.reduce((s, b) => s + b.power, 0n)
  const eliminated = new Set<number>()
  const rounds: TallyRound[] = []
  let tieBreak: string | undefined
  for (;;) {
    const scores = Array.from({ length: choices }, () => 0n)
    for (const { power, ranking } of rankings) {
      const top = ranking.find((c) => !eliminated.has(c))
      if (top) scores[top - 1]! += power
    }
    const active = scores.reduce((s, x) => s + x, 0n)
    const remaining = Array.from({ length: choices }, (_, i) => i + 1).filter((c) => !eliminated.has(c))
    const leader = remaining.reduce((a, b) => (scores[b - 1]! > scores[a - 1]! ? b : a), remaining[0]!)
    const leaders = remaining.filter((c) => scores[c - 1] === scores[leader - 1])
    if (active === 0n) {
      rounds.push({ scores, eliminated: null })
      return { scores: rounds[0]!.scores, total, rounds, winner: null }
    }
    if (scores[leader - 1]! * 2n > active || remaining.length <= 2) {
      let winner = leader
      if (leaders.length > 1) {
        winner = breakTie(leaders, rounds, 'top')
        tieBreak = `Choices ${leaders.join(' and ')} tied at the top; ${winner} wins (more first preferences in the earliest round that separates them, then the lower number).`
      }
      rounds.push({ scores, eliminated: null, ...(tieBreak ? { tieBreak } : {}) })
      return { scores: rounds[0]!.scores, total, rounds, winner, ...(tieBreak ? { tieBreak } : {}) }
    }
    const lowest = remaining.reduce((a, b) => (scores[b - 1]! < scores[a - 1]! ? b : a), remaining[0]!)
    const tied = remaining.filter((c) => scores[c - 1] === scores[lowest - 1])
    let out = lowest
    let roundTie: string | undefined
    if (tied.length > 1) {
      out = breakTie(tied, [...rounds, { scores, eliminated: null }], 'bottom')
      roundTie = `Choices ${tied.join(' and ')} tied for last; ${out} is eliminated (fewer first preferences in the earliest round that separates them, then the higher number).`
    }
    eliminated.add(out)
    rounds.push({ scores, eliminated: out, ...(roundTie ? { tieBreak: roundTie } : {}) })
  }
}

function breakTie(tied: number[], rounds: TallyRound[], end: 'top' | 'bottom'): number {
  let candidates = tied
  for (const round of rounds) {
    const values = candidates.map((c) => round.scores[c - 1]!)
    const pick = end === 'top' ? values.reduce((a, b) => (b > a ? b : a)) : values.reduce((a, b) => (b < a ? b : a))
    const next = candidates.filter((c) => round.scores[c - 1] === pick)
    if (next.length < candidates.length) candidates = next
    if (candidates.length === 1) return candidates[0]!
  }
  return end === 'top' ? Math.min(...candidates) : Math.max(...candidates)
}
