/**
 * `npm run eval:analysis`: the offline analyst over the labelled set in bench/analysis/proposals.
 * Prints each proposal's level and score, then recall on malicious (level high or above), the
 * false-positive rate on benign (high or above) and latency per proposal (simulation excluded,
 * warm, median of `--runs` runs, default 20). The last line is JSON with the figures.
 */
import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { analyzeProposal } from '../../lib/analysis'

const args = process.argv.slice(2)
const runsIndex = args.indexOf('--runs')
const runs = runsIndex >= 0 ? Number(args[runsIndex + 1]) : 20
const verbose = args.includes('--verbose')

const here = path.dirname(new URL(import.meta.url).pathname)
const labels = JSON.parse(readFileSync(path.join(here, 'labels.json'), 'utf8')) as Record<string, { label: 'malicious' | 'benign'; source: string }>
const files = readdirSync(path.join(here, 'proposals')).filter((f) => f.endsWith('.json')).sort()

const flagged = (level: string) => level === 'high' || level === 'critical'
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const rows: { id: string; label: string; level: string; score: number; ms: number; top: string }[] = []

for (const file of files) {
  const id = file.replace(/\.json$/, '')
  const label = labels[id]?.label
  if (!label) throw new Error(`${file} has no label in labels.json`)
  const proposal = JSON.parse(readFileSync(path.join(here, 'proposals', file), 'utf8')) as unknown
  const times: number[] = []
  let analysis: Awaited<ReturnType<typeof analyzeProposal>> | undefined
  for (let i = 0; i < runs + 1; i++) {
    const start = performance.now()
    analysis = await analyzeProposal(proposal, { provider: 'offline' })
    if (i > 0 || runs === 0) times.push(performance.now() - start)
  }
  rows.push({ id, label, level: analysis!.level, score: analysis!.riskScore, ms: median(times), top: analysis!.findings[0] ? `${analysis!.findings[0].rule}: ${analysis!.findings[0].message}` : '' })
  if (verbose) console.log(JSON.stringify(analysis!.findings, null, 1))
}

for (const row of rows) {
  const verdict = row.label === 'malicious' ? (flagged(row.level) ? 'caught' : 'MISSED') : flagged(row.level) ? 'FALSE POSITIVE' : 'ok'
  console.log(`${row.id.padEnd(34)} ${row.label.padEnd(9)} ${row.level.padEnd(8)} ${String(row.score).padStart(3)} ${row.ms.toFixed(2).padStart(6)} ms  ${verdict.padEnd(14)} ${row.top.slice(0, 90)}`)
}
const malicious = rows.filter((r) => r.label === 'malicious')
const benign = rows.filter((r) => r.label === 'benign')
const recall = malicious.filter((r) => flagged(r.level)).length / malicious.length
const falsePositiveRate = benign.filter((r) => flagged(r.level)).length / benign.length
const latencies = rows.map((r) => r.ms)
const figures = {
  proposals: rows.length,
  malicious: malicious.length,
  benign: benign.length,
  recallHighOrAbove: Number(recall.toFixed(4)),
  falsePositiveRateHighOrAbove: Number(falsePositiveRate.toFixed(4)),
  latencyMsMedian: Number(median(latencies).toFixed(3)),
  latencyMsMax: Number(Math.max(...latencies).toFixed(3)),
  runsPerProposal: runs,
}
console.log(`\nrecall (malicious at high or above): ${(recall * 100).toFixed(1)}%  (goal 100%)`)
console.log(`false positives (benign at high or above): ${(falsePositiveRate * 100).toFixed(1)}%  (goal <= 10%)`)
console.log(`latency per proposal, offline: median ${figures.latencyMsMedian} ms, max ${figures.latencyMsMax} ms  (goal <= 50 ms)`)
console.log(JSON.stringify(figures))
