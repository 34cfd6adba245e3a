'use client'

import { useQuery } from '@tanstack/react-query'
import Link from 'next/link'
import { useState, useSyncExternalStore } from 'react'
import { Address } from '@/app/components/address'
import { ResultsChart } from '@/app/components/charts/results-chart'
import { Progress } from '@/app/components/ui/progress'
import { formatDateTime } from '@/lib/format/format-date-time'
import { describeChoice, formatPower, formatResults, formatRound, type ResultsToken } from '@/lib/governance/results/format-results'
import type { ProposalResults } from '@/lib/governance/results/get-proposal-results'
import type { ListProposalVotesReturnType } from '@/lib/governance/results/list-proposal-votes'

/** While voting is open the results poll this often (ms); once it has ended they stop. */
const REFRESH_MS = 2_000

function timeLeft(endAt: string, now: number): string {
  const seconds = Math.max(0, Math.floor((new Date(endAt).getTime() - now) / 1000))
  if (seconds === 0) return 'Voting has ended'
  const days = Math.floor(seconds / 86_400)
  const hours = Math.floor((seconds % 86_400) / 3_600)
  const minutes = Math.floor((seconds % 3_600) / 60)
  const parts = days > 0 ? [`${days}d`, `${hours}h`] : hours > 0 ? [`${hours}h`, `${minutes}m`] : [`${minutes}m`, `${seconds % 60}s`]
  return `${parts.join(' ')} left`
}

const subscribeToClock = (tick: () => void) => {
  const timer = setInterval(tick, 1_000)
  return () => clearInterval(timer)
}
const readClock = () => Math.floor(Date.now() / 1000) * 1000

/**
 * Live results: the server's first tally, then polled while the proposal is active (react-query's
 * `refetchInterval`, off once it has ended). Bars, the numbers under them, quorum progress, time
 * left, ranked-choice rounds, quadratic's two numbers, the votes list and the CSV of the same strings.
 */
export function LiveResults({ initialResults, initialVotes, token, names }: { initialResults: ProposalResults; initialVotes: ListProposalVotesReturnType; token: ResultsToken; names: Record<string, string> }) {
  const id = initialResults.proposalId
  const results = useQuery({
    queryKey: ['results', id],
    initialData: initialResults,
    queryFn: async (): Promise<ProposalResults> => {
      const response = await fetch(`/api/proposals/${id}/results`)
      if (!response.ok) throw new Error(`results: ${response.status}`)
      return response.json()
    },
    refetchInterval: (query) => (query.state.data?.state === 'active' ? REFRESH_MS : false),
  }).data
  const [page, setPage] = useState(1)
  const votes = useQuery({
    queryKey: ['votes', id, page],
    initialData: page === 1 ? initialVotes : undefined,
    queryFn: async (): Promise<ListProposalVotesReturnType> => {
      const response = await fetch(`/api/proposals/${id}/votes?page=${page}&pageSize=${initialVotes.pageSize}`)
      if (!response.ok) throw new Error(`votes: ${response.status}`)
      return response.json()
    },
    refetchInterval: results.state === 'active' ? REFRESH_MS : false,
  }).data
  // A one-second clock in the browser; null on the server, so the first render matches the HTML.
  const now = useSyncExternalStore(subscribeToClock, readClock, () => null)

  const formatted = formatResults(results, token)
  const quadratic = results.type === 'quadratic'
  const winnerLabel = results.winner ? results.choices[results.winner - 1] : null
  const quorum = BigInt(results.quorum)
  const quorumPower = BigInt(results.quorumPower)

  return (
    <section aria-labelledby="results-heading" className="card results" data-testid="results">
      <h2 id="results-heading">Results</h2>
      <p className="row">
        <span data-testid="vote-count">{results.voteCount === 1 ? '1 vote' : `${results.voteCount} votes`}</span>·
        <span>{formatted.total} counted</span>·
        <span>
          {results.state === 'active' ? (
            <time dateTime={results.endAt} data-testid="time-left">
              {now === null ? `ends ${formatDateTime(new Date(results.endAt))}` : timeLeft(results.endAt, now)}
            </time>
          ) : (
            `Ended ${formatDateTime(new Date(results.endAt))}`
          )}
        </span>
      </p>
      <ResultsChart
        title={quadratic ? 'Quadratic score per choice' : results.type === 'ranked-choice' ? 'First preferences (round 1)' : 'Voting power per choice'}
        bars={formatted.rows.map((row) => ({ label: row.label, value: row.value, text: row.score ?? row.power, winner: row.choice === results.winner }))}
        table={{ columns: formatted.columns, rows: formatted.table }}
      />
      <table className="data" data-testid="results-table">
        <thead>
          <tr>
            {formatted.columns.map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {formatted.table.map((row, i) => (
            <tr key={i} data-testid="result-row">
              {row.map((cell, j) => (j === 0 ? <th key={j} scope="row">{cell}{results.winner === i + 1 && <span className="badge"> leading</span>}</th> : <td key={j}>{cell}</td>))}
            </tr>
          ))}
        </tbody>
      </table>
      {quadratic && (
        <p className="hint">
          Both numbers, unlike Snapshot&apos;s single rescaled bar: <em>raw power</em> is the tokens voters put on each choice; the <em>quadratic score</em> is (Σ √(each
          voter&apos;s power on it))², rescaled so the scores add up to the total power. The share is of the scores.
        </p>
      )}
      {results.type === 'basic' && (
        <p data-testid="basic-outcome">
          {results.passed ? 'Passing' : 'Not passing'}: it passes when For is more than Against and quorum is reached (For and Abstain count toward quorum).
        </p>
      )}
      {winnerLabel && results.type !== 'basic' && <p data-testid="winner">{results.state === 'active' ? 'Leading' : 'Winner'}: <strong>{winnerLabel}</strong></p>}
      <Progress
        label="Quorum"
        value={Number(quorum === 0n ? 1n : quorumPower >= quorum ? 10_000n : (quorumPower * 10_000n) / quorum)}
        max={10_000}
        text={`${formatted.quorumPower} of ${formatted.quorum}${results.quorumReached ? ' (reached)' : ''}`}
      />
      {results.rounds && (
        <section aria-labelledby="rounds-heading" data-testid="rounds">
          <h3 id="rounds-heading">Instant-runoff rounds</h3>
          <p className="hint">
            Each round counts every ballot for its highest choice still in the race; the last choice is eliminated until one has more than half. Partial rankings
            are allowed (Snapshot refuses them): a ballot whose choices are all eliminated is exhausted. Ties: fewer first preferences in the earliest round that
            separates them is eliminated, then the higher choice number; at the top, the lower choice number wins.
          </p>
          {results.rounds.map((round, i) => (
            <div key={i} className="round" data-testid="round">
              <h4>Round {i + 1}</h4>
              <table className="data">
                <tbody>
                  {formatRound(round, results.choices, token)
                    .filter((_, c) => !results.rounds!.slice(0, i).some((r) => r.eliminated === c + 1))
                    .map((row) => (
                      <tr key={row[0]}>
                        <th scope="row">{row[0]}</th>
                        <td>{row[1]}</td>
                        <td>{row[2]}</td>
                      </tr>
                    ))}
                </tbody>
              </table>
              {round.eliminated && <p>Eliminated: {results.choices[round.eliminated - 1]}</p>}
              {round.tieBreak && <p data-testid="tie-break">Tie-break: {round.tieBreak}</p>}
            </div>
          ))}
        </section>
      )}
      <p>
        <a href={`/api/proposals/${id}/export`} download data-testid="csv-download">
          Download results and votes (CSV)
        </a>{' '}
        <span className="hint">The file holds the same formatted numbers as this page (Snapshot&apos;s export can disagree with its percentages).</span>
      </p>
      <h3>Votes</h3>
      {votes && votes.total === 0 && <p className="empty">No votes yet.</p>}
      {votes && votes.total > 0 && (
        <>
          <ul className="plain votes-list" data-testid="votes-list">
            {votes.votes.map((vote) => (
              <li key={vote.voter} data-testid="vote-row">
                <Address address={vote.voter} name={names[vote.voter.toLowerCase()]} /> · {describeChoice(results.type, vote.choice, results.choices)} ·{' '}
                {formatPower(vote.votingPower, token)} ·{' '}
                <Link href={`/dao/receipt/${vote.messageId}`} aria-label={`Receipt of ${vote.voter}'s vote`}>
                  receipt
                </Link>
              </li>
            ))}
          </ul>
          {votes.pageCount > 1 && (
            <nav className="row" aria-label="Votes pages">
              <button type="button" onClick={() => setPage((p) => Math.max(1, p - 1))} disabled={page <= 1}>
                Previous
              </button>
              <span>
                Page {page} of {votes.pageCount}
              </span>
              <button type="button" onClick={() => setPage((p) => p + 1)} disabled={page >= votes.pageCount}>
                Next
              </button>
            </nav>
          )}
        </>
      )}
    </section>
  )
}
