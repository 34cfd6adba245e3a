import type { TieBreak } from './types'

/**
 * The winner of a non-ranked tally: the choice with the highest score, null when every score is 0
 * or when several share the top (then a `no-winner` tie-break lists them).
 */
export function topChoice(scores: readonly bigint[]): { winner: number | null; tieBreak?: TieBreak[] } {
  let best = 0n
  let tied: number[] = []
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i]!
    if (s > best) {
      best = s
      tied = [i + 1]
    } else if (s === best && s > 0n) tied.push(i + 1)
  }
  if (tied.length === 0) return { winner: null }
  if (tied.length === 1) return { winner: tied[0]! }
  return { winner: null, tieBreak: [{ position: 'top', tied, chosen: null, rule: 'no-winner' }] }
}
