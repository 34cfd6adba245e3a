import type { TieBreak } from '../tally/types'

/** A tie-break in words, naming the choices: what the results page and the CSV say. */
export function describeTieBreak(tieBreak: TieBreak, choices: string[]): string {
  const name = (c: number | null) => (c === null ? 'none' : (choices[c - 1] ?? `choice ${c}`))
  const tied = tieBreak.tied.map(name).join(' and ')
  const where = tieBreak.round ? `Round ${tieBreak.round}: ` : ''
  if (tieBreak.rule === 'no-winner') return `${where}${tied} tied at the top: no winner.`
  if (tieBreak.position === 'bottom') {
    return tieBreak.rule === 'earlier-round'
      ? `${where}${tied} tied for last; ${name(tieBreak.chosen)} is eliminated, having fewer votes in round ${tieBreak.decidedInRound}.`
      : `${where}${tied} tied for last in every round; ${name(tieBreak.chosen)} is eliminated (the higher choice number goes).`
  }
  return tieBreak.rule === 'earlier-round'
    ? `${where}${tied} tied at the top; ${name(tieBreak.chosen)} wins, having more votes in round ${tieBreak.decidedInRound}.`
    : `${where}${tied} tied at the top in every round; ${name(tieBreak.chosen)} wins (the lower choice number).`
}
