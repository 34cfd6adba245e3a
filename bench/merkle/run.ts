/**
 * `npm run bench:merkle`: Arbor's Merkle engine against @openzeppelin/merkle-tree, every run in
 * a fresh process, medians of 3. Prints a table, then one JSON line with the figures.
 * `--quick` skips 10M and runs OpenZeppelin once; `--runs N` changes the run count.
 */
import { execFileSync } from 'node:child_process'
import { loadavg } from 'node:os'

const args = process.argv.slice(2)
const quick = args.includes('--quick')
const runsIndex = args.indexOf('--runs')
const runs = runsIndex >= 0 ? Number(args[runsIndex + 1]) : 3

type Result = { impl: string; n: number; ms: number; peakRssMb: number; root: string }

function once(impl: string, n: number): Result {
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'bench/merkle/case.ts', impl, String(n)], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  return JSON.parse(out.trim().split('\n').at(-1)!) as Result
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

function measure(impl: string, n: number, count = runs) {
  const results = Array.from({ length: count }, () => once(impl, n))
  const roots = new Set(results.map((r) => r.root))
  if (roots.size !== 1) throw new Error(`${impl} ${n}: roots differ between runs`)
  const row = { impl, n, runs: count, ms: median(results.map((r) => r.ms)), peakRssMb: median(results.map((r) => r.peakRssMb)), root: results[0]!.root, all: results.map((r) => r.ms) }
  process.stderr.write(`  ${impl} ${n}: ${row.all.join(', ')} ms\n`)
  return row
}

// the machine is shared: its load, before and after, says how much to trust the figures
const loadBefore = loadavg().map((x) => Number(x.toFixed(2)))
const arbor100k = measure('arbor', 100_000)
const oz100k = measure('oz', 100_000, quick ? 1 : runs)
if (arbor100k.root !== oz100k.root) throw new Error('Arbor and OpenZeppelin roots differ at 100k')
const arbor1m = measure('arbor', 1_000_000)
const cli1m = measure('cli', 1_000_000)
if (cli1m.root !== arbor1m.root) throw new Error('the CLI and buildTreeParallel roots differ at 1M')
const arbor10m = quick ? undefined : measure('arbor', 10_000_000)
const loadAfter = loadavg().map((x) => Number(x.toFixed(2)))

const rows = [arbor100k, oz100k, arbor1m, cli1m, ...(arbor10m ? [arbor10m] : [])]
const label: Record<string, string> = { arbor: 'Arbor buildTreeParallel', oz: '@openzeppelin/merkle-tree 1.0.8', cli: 'arbor tree build (CSV -> OZ dump)' }
console.log('| case | leaves | median ms | peak RSS MB | runs (ms) |')
console.log('|---|---:|---:|---:|---|')
for (const r of rows) console.log(`| ${label[r.impl]} | ${r.n.toLocaleString('en')} | ${r.ms} | ${r.peakRssMb} | ${r.all.join(', ')} |`)
const ratio = oz100k.ms / arbor100k.ms
console.log(`\nspeed-up vs OpenZeppelin at 100k leaves: ${ratio.toFixed(1)}x (goal >= 50x)`)
console.log(`load average (1, 5, 15 min) before: ${loadBefore.join(', ')}; after: ${loadAfter.join(', ')}`)
console.log(
  JSON.stringify({
    bench: 'merkle',
    runs,
    arbor100kMs: arbor100k.ms,
    oz100kMs: oz100k.ms,
    speedup100k: Number(ratio.toFixed(1)),
    arbor1mMs: arbor1m.ms,
    arbor1mPeakRssMb: arbor1m.peakRssMb,
    cli1mMs: cli1m.ms,
    cli1mPeakRssMb: cli1m.peakRssMb,
    arbor10mMs: arbor10m?.ms ?? null,
    arbor10mPeakRssMb: arbor10m?.peakRssMb ?? null,
    root100k: arbor100k.root,
    loadBefore,
    loadAfter,
  }),
)
