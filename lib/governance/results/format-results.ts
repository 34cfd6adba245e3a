import { formatUnits, getAddress } from 'viem'
import { formatPercent, toBasisPoints } from '@/lib/format/format-percent'
import { formatTokenAmount } from '@/lib/format/format-token-amount'
import type { VotingType } from '../tally/types'
import type { ProposalVote } from './list-proposal-votes'
import type { ProposalResults } from './get-proposal-results'

/**
 * The one formatting of results and votes, used by the proposal page, its chart's table and the
 * CSV export, so the numbers a voter reads and the numbers they download are the same strings.
 */

export type ResultsToken = { symbol: string; decimals: number }

/** Base units -> "1,234.5678 ARB" (`lib/format`: exact, never through Number). */
export function formatPower(value: bigint | string, { symbol, decimals }: ResultsToken): string {
  return formatTokenAmount(BigInt(value), decimals, symbol)
}

/** part / whole as "62.50%" (basis points, rounded down). */
export function formatShare(part: bigint, whole: bigint): string {
  return formatPercent(toBasisPoints(part, whole))
}

function formatWeightShare(part: number, whole: number): string {
  return formatPercent(whole > 0 ? Math.floor((part / whole) * 10_000) : 0)
}

export type FormattedResultRow = {
  choice: number
  label: string
  /** Raw power for the choice. */
  power: string
  /** Quadratic: the rescaled score. */
  score?: string
  /** Of the total (quadratic: of the rescaled total). */
  share: string
  /** For the chart's bar length: a plain number in token units, display only. */
  value: number
}

export type FormattedResults = { columns: string[]; rows: FormattedResultRow[]; table: string[][]; total: string; quorum: string; quorumPower: string }

export function formatResults(results: ProposalResults, token: ResultsToken): FormattedResults {
  const total = BigInt(results.totalPower)
  const quadratic = results.quadraticScores
  const rows = results.choices.map((label, i): FormattedResultRow => {
    const power = BigInt(results.scores[i] ?? '0')
    const score = quadratic?.[i] === undefined ? undefined : BigInt(quadratic[i]!)
    return {
      choice: i + 1,
      label,
      power: formatPower(power, token),
      ...(score !== undefined ? { score: formatPower(score, token) } : {}),
      share: formatShare(score ?? power, total),
      value: Number(formatUnits(score ?? power, token.decimals)),
    }
  })
  const columns = quadratic ? ['Choice', 'Raw power', 'Quadratic score', 'Share'] : ['Choice', 'Power', 'Share']
  const table = rows.map((row) => (quadratic ? [row.label, row.power, row.score!, row.share] : [row.label, row.power, row.share]))
  return { columns, rows, table, total: formatPower(total, token), quorum: formatPower(results.quorum, token), quorumPower: formatPower(results.quorumPower, token) }
}

/** A ranked-choice round's table rows: each remaining choice's power and share of the round. */
export function formatRound(round: NonNullable<ProposalResults['rounds']>[number], choices: string[], token: ResultsToken): string[][] {
  const total = round.scores.reduce((s, x) => s + BigInt(x), 0n)
  return choices.map((label, i) => [label, formatPower(round.scores[i] ?? '0', token), formatShare(BigInt(round.scores[i] ?? '0'), total)])
}

/** A ballot in words: "For", "1. Alice, 2. Bob", "Alice 60%, Bob 40%". */
export function describeChoice(type: VotingType, choice: unknown, choices: string[]): string {
  const name = (c: unknown) => choices[Number(c) - 1] ?? `choice ${String(c)}`
  if (type === 'basic' || type === 'single-choice') return name(choice)
  if (Array.isArray(choice)) return type === 'ranked-choice' ? choice.map((c, i) => `${i + 1}. ${name(c)}`).join(', ') : choice.map(name).join(', ')
  if (choice && typeof choice === 'object') {
    const entries = Object.entries(choice as Record<string, number>).filter(([, w]) => Number(w) > 0)
    const sum = entries.reduce((s, [, w]) => s + Number(w), 0)
    return entries.map(([c, w]) => `${name(c)} ${formatWeightShare(Number(w), sum)}`).join(', ')
  }
  return String(choice)
}

const csvCell = (value: string) => (/[",\n\r]/.test(value) || /^[=+\-@\t]/.test(value) ? `"${(/^[=+\-@\t]/.test(value) ? `'${value}` : value).replace(/"/g, '""')}"` : value)

/** The CSV download: the results table exactly as the page shows it, then every counted vote. */
export function resultsCsv(results: ProposalResults, votes: ProposalVote[], token: ResultsToken): string {
  const formatted = formatResults(results, token)
  const lines: string[][] = [formatted.columns, ...formatted.table, [], ['Total', formatted.total], ['Quorum', formatted.quorum], ['Counted toward quorum', formatted.quorumPower]]
  if (results.rounds) {
    results.rounds.forEach((round, i) => {
      lines.push([], [`Round ${i + 1}`, 'Power', 'Share'], ...formatRound(round, results.choices, token))
      if (round.eliminated) lines.push(['Eliminated', results.choices[round.eliminated - 1] ?? ''])
      if (round.tieBreak) lines.push(['Tie-break', round.tieBreak])
    })
  }
  for (const tieBreak of results.tieBreaks) lines.push(['Tie-break', tieBreak])
  lines.push([], ['Voter', 'Choice', 'Voting power', 'Signed at (UTC)', 'Message id'])
  for (const vote of votes) {
    lines.push([getAddress(vote.voter), describeChoice(results.type, vote.choice, results.choices), formatPower(vote.votingPower, token), vote.timestamp, vote.messageId])
  }
  return lines.map((line) => line.map(csvCell).join(',')).join('\r\n') + '\r\n'
}
