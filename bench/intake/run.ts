/**
 * `npm run bench:intake`: the intake engine's four figures, every run in a fresh process, medians
 * of 3. Prints a table, then one JSON line. Needs TEST_DATABASE_URL (a Postgres server; each run
 * uses a fresh database) and, for the HTTP figure, a built app (`npm run build`; --app DIR to use
 * another checkout's build). Options: --runs N, --writer-messages N (default 1M),
 * --baseline-messages N (default 20k, for the writer's named baseline: one upsert and commit per
 * message), --scale-messages N (default 200k), --e2e-messages N (default 50k), --single-rates A,B
 * (default 2000,250 single-message requests/s offered, for time-to-ack), --skip-e2e,
 * --scale F (multiplies every message count: --scale 0.02 for a quick check at 20k votes),
 * --port N (the web server's, default 3222). Overload section: --only-overload,
 * --overload-seconds N (20), --overload-rates A,B,C (300,1000,2000), --overload-databases
 * (postgres,pglite), --overload-servers (gated,adaptive,next: npm start with the fixed gate, with
 * the adaptive limit, and bare next start as the baseline). The HTTP clients are open loop over at
 * most 256 keep-alive connections, latency from each request's intended send time (case.ts `offer`).
 * Writer figures alone: --only-writers (figures 1 and 4: the vote log writer, its named baselines
 * and its scaling), --skip-baselines (without the transactional and row-per-message writers),
 * --semi-space MB (V8's young generation for the writer cases, default 64; 0: V8's default),
 * --scale-connections A,B (figure 4's connection counts, default 1,2,4; '' for none), --writer-batch N
 * (votes a transaction in the writer cases, default 1000 as the engine's maxBatchSize).
 *
 * Figure 1 is the vote writer path three ways in the same run: the vote log (append only, the
 * materializer deriving `votes` beside it, its lag printed), today's transactional writer, and the
 * row-per-message baseline; with Node and Postgres CPU per message (judge by those and the
 * ratios on a shared machine, not by wall time).
 */
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { loadavg } from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    'writer-messages': { type: 'string', default: '1000000' },
    'scale-messages': { type: 'string', default: '200000' },
    'e2e-messages': { type: 'string', default: '50000' },
    'single-rates': { type: 'string', default: '2000,250' },
    'verify-messages': { type: 'string', default: '20000' },
    'baseline-messages': { type: 'string', default: '20000' },
    app: { type: 'string', default: '.' },
    'skip-e2e': { type: 'boolean', default: false },
    /** Skip only the overload section (it runs for minutes); the HTTP figures still run. */
    'skip-overload': { type: 'boolean', default: false },
    'overload-seconds': { type: 'string', default: '20' },
    'overload-rates': { type: 'string', default: '300,1000,2000' },
    /** Only the overload section (once per database: it runs for minutes). */
    'only-overload': { type: 'boolean', default: false },
    /** Overload: the databases to run it on. */
    'overload-databases': { type: 'string', default: 'postgres,pglite' },
    /**
     * Overload: `gated` (npm start: Next behind the overload gate), `adaptive` (the same with the
     * experimental adaptive intake limit: INTAKE_TARGET_MS=150, INTAKE_SHED_LAG_MS=50), `next` (bare next start, the baseline).
     */
    'overload-servers': { type: 'string', default: 'gated,adaptive,next' },
    /** The web server's port for the HTTP figures (default 3222, clear of the dev stack's 3000/3100). */
    port: { type: 'string', default: '3222' },
    scale: { type: 'string', default: '1' },
    /** Only the writer figures (1 and 4): no verification, HTTP or overload runs. */
    'only-writers': { type: 'boolean', default: false },
    /** Figure 1 without the transactional writer and the row-per-message baseline. */
    'skip-baselines': { type: 'boolean', default: false },
    /**
     * The writer cases' V8 young generation (--max-semi-space-size, MB; 0: V8's default, 16 on
     * 64-bit). The writer's garbage lives for a transaction (tens of ms): with the default, much of
     * it survives two scavenges and is promoted, which brings mark-compacts of the whole heap.
     */
    'semi-space': { type: 'string', default: '64' },
    /** Votes a transaction in the writer cases (the engine's maxBatchSize; default 1000). */
    'writer-batch': { type: 'string', default: '1000' },
    /** Figure 4: the vote log writer at --scale-messages on these connection counts ('' for none). */
    'scale-connections': { type: 'string', default: '1,2,4' },
  },
})
const scaled = (name: 'writer-messages' | 'scale-messages' | 'e2e-messages' | 'verify-messages' | 'baseline-messages') => String(Math.max(100, Math.round(Number(values[name]) * Number(values.scale))))

type Offered = {
  offeredPerSecond: number; p50Ms: number; p99Ms: number; okPerSecond: number; shed429: number; otherErrors: number
  okP99Ms: number; shedP99Ms: number; clientCpuShare: number; clientDispatchLagP99Ms: number; serverCpuShare: number; loadAverage: string
}
type Overload = { database: string; server: string; single: Offered[]; poison: { honest: number; honestFailures: number; honestFailureShare: number; honestShed429: number; poisonAnswered4xx: number } }

/** Overload under next start, once per database (Postgres, PGlite): needs a build in --app. */
function overloadSection(): Overload[] {
  const appDir = path.resolve(values.app!)
  if (!existsSync(path.join(appDir, '.next', 'BUILD_ID'))) {
    process.stderr.write(`  (no build in ${appDir}/.next: run npm run build first; overload section skipped)\n`)
    return []
  }
  const runs: Overload[] = []
  for (const database of values['overload-databases']!.split(','))
    for (const server of values['overload-servers']!.split(',')) {
      process.stderr.write(`  overload, ${server}, ${database}...\n`)
      runs.push(once(['overload', appDir, database, values['overload-seconds']!, values['overload-rates']!, `--server=${server}`]) as unknown as Overload)
    }
  return runs
}

function printOverload(results: Overload[]) {
  if (results.length === 0) return
  console.log(`\n| overload: single-vote requests, open loop ${values['overload-seconds']} s each, latency from the intended send time | p50 ms | p99 ms | 2xx/s | 429s | other errors | 2xx p99 / 429 p99 ms | server CPU (cores) | client CPU / dispatch lag p99 ms | load avg |`)
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|')
  const serverName = (r: Overload) => ({ next: 'bare next start', gated: 'npm start (gate, fixed limit)', adaptive: 'npm start (gate, adaptive limit)' })[r.server] ?? r.server
  for (const r of results)
    for (const s of r.single)
      console.log(
        `| ${r.database}, ${serverName(r)}, offered ${s.offeredPerSecond}/s | ${s.p50Ms} | ${s.p99Ms} | ${s.okPerSecond} | ${s.shed429} | ${s.otherErrors} | ${s.okP99Ms} / ${s.shedP99Ms} | ${s.serverCpuShare} | ${s.clientCpuShare} / ${s.clientDispatchLagP99Ms} | ${s.loadAverage} |`,
      )
  for (const r of results) {
    console.log(`| ${r.database}, ${serverName(r)}: honest votes at 100/s beside a NUL vote at 100/s: honest failures | ${r.poison.honestFailures} of ${r.poison.honest} (${(100 * r.poison.honestFailureShare).toFixed(2)}%) | goal 0 | honest shed with 429 (load, not poison): ${r.poison.honestShed429} | poison answered 4xx: ${r.poison.poisonAnswered4xx} | |`)
  }
  console.log(`overload (one run each; 2 shared cores, the load generator on the same machine); load average now: ${loadavg().map((x) => x.toFixed(2)).join(', ')}`)
  console.log(JSON.stringify({ bench: 'intake-overload', overload: results }))
}

if (values['only-overload']) {
  printOverload(overloadSection())
  process.exit(0)
}
const runs = Number(values.runs)

type Single = { offeredPerSecond: number; achievedPerSecond: number; errors: number; p50Ms: number; p99Ms: number }

function once(args: string[]): Record<string, number> & { single?: Single[] } {
  const semiSpace = Number(values['semi-space'])
  const v8 = ['writer', 'per-message'].includes(args[0]!) && semiSpace > 0 ? [`--max-semi-space-size=${semiSpace}`] : []
  const out = execFileSync(process.execPath, [...v8, '--import', 'tsx', 'bench/intake/case.ts', ...args, `--port=${values.port}`], {
    encoding: 'utf8',
    maxBuffer: 1 << 22,
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  return JSON.parse(out.trim().split('\n').at(-1)!) as Record<string, number> & { single?: Single[] }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

function measure(label: string, args: string[], field: string) {
  const results = Array.from({ length: runs }, () => once(args))
  const all = results.map((r) => r[field]!)
  process.stderr.write(`  ${label}: ${all.join(', ')}\n`)
  const mid = results.find((r) => r[field] === median(all))!
  return { label, median: median(all), all, detail: mid }
}

const loadBefore = loadavg().map((x) => Number(x.toFixed(2)))
const writer = measure(`vote log writer, ${scaled('writer-messages')} votes / 100 proposals, 2 connections`, ['writer', scaled('writer-messages'), '2', 'log', values['writer-batch']!], 'perSecond')
const withBaselines = !values['skip-baselines']
const transactional = !withBaselines ? undefined : measure(`today's transactional writer, ${scaled('writer-messages')} votes, 2 connections`, ['writer', scaled('writer-messages'), '2', 'transactional', values['writer-batch']!], 'perSecond')
const perMessage = !withBaselines ? undefined : measure(`baseline: one upsert + commit per message, ${scaled('baseline-messages')} votes, 2 connections`, ['per-message', scaled('baseline-messages'), '2'], 'perSecond')
const scaleConnections = values['scale-connections']!.split(',').filter(Boolean).map(Number)
const scale = scaleConnections.map((c) => measure(`vote log writer, ${scaled('scale-messages')} votes, ${c} connection${c > 1 ? 's' : ''}`, ['writer', scaled('scale-messages'), String(c), 'log', values['writer-batch']!], 'perSecond'))
const onlyWriters = values['only-writers']
const verify = onlyWriters ? undefined : measure('verification pool', ['verify', scaled('verify-messages')], 'poolPerCore')
const appDir = path.resolve(values.app!)
const e2e =
  values['skip-e2e'] || onlyWriters || !existsSync(path.join(appDir, '.next', 'BUILD_ID'))
    ? undefined
    : measure('HTTP, npm start (Next behind the gate), arrays of 100', ['e2e', appDir, scaled('e2e-messages'), values['single-rates']!], 'bulkPerSecond')
// figure 3 as the issue states it: arrays of 100 signed votes (the default voteAck: after COMMIT and the derivation pass)
const e2eVotes = e2e === undefined ? undefined : measure('HTTP, npm start, arrays of 100 votes', ['e2e-votes', appDir, scaled('e2e-messages')], 'bulkPerSecond')
// the named baseline: the same engine and route handlers in a bare node:http server
const plain = values['skip-e2e'] || onlyWriters ? undefined : measure('HTTP, plain node:http (baseline), arrays of 100', ['e2e', 'plain', scaled('e2e-messages'), values['single-rates']!], 'bulkPerSecond')
if (!e2e && !values['skip-e2e'] && !onlyWriters) process.stderr.write(`  (no build in ${appDir}/.next: run npm run build first; HTTP figure skipped)\n`)
const overloadResults = values['skip-e2e'] || values['skip-overload'] || onlyWriters ? [] : overloadSection()
const loadAfter = loadavg().map((x) => Number(x.toFixed(2)))

console.log('| figure | median | runs | goal |')
console.log('|---|---:|---|---|')
const cpu = (run: typeof writer) =>
  `Node ${run.detail.nodeCpuUsPerMessage} µs + Postgres ${run.detail.pgCpuUsPerMessage} µs CPU/msg${run.detail.derivationPgCpuUsPerMessage !== undefined ? ` (+ materializer's Postgres ${run.detail.derivationPgCpuUsPerMessage} µs, off the ack path)` : ''}`
console.log(`| 1. ${writer.label} (msg/s), ${cpu(writer)} | ${writer.median} | ${writer.all.join(', ')} | >= 100,000 |`)
for (const baseline of [transactional, perMessage]) {
  if (baseline) console.log(`| 1. ${baseline.label} (msg/s), ${cpu(baseline)} | ${baseline.median} | ${baseline.all.join(', ')} | log ${(writer.median / baseline.median).toFixed(1)}x |`)
}
const lag = writer.detail as unknown as { lagMessagesAtEnd: number; catchUpMs: number; derivedDuringWrites: number; materializerPasses: number }
console.log(`| 1. materializer beside the log writer (median run): derived while writing / lag at the end (messages) / catch-up ms | ${lag.derivedDuringWrites} / ${lag.lagMessagesAtEnd} / ${lag.catchUpMs} | ${lag.materializerPasses} passes | keeps up |`)
const statements = (run: typeof writer) => Object.entries((run.detail as unknown as { msPerThousandByStatement: Record<string, number> }).msPerThousandByStatement).map(([k, v]) => `${k} ${v}`).join('; ')
console.log(`| 1. where the time goes, ms per 1,000 messages (wall, per connection): log: ${statements(writer)} | | | |`)
if (transactional) console.log(`| 1. ... transactional: ${statements(transactional)} | | | |`)
for (const run of [e2e, plain]) {
  if (!run) continue
  const server = run === plain ? 'plain node:http' : 'npm start'
  console.log(`| 2. ${run.label}, incl. verification (msg/s) | ${run.median} | ${run.all.join(', ')} | >= 10,000 |`)
  for (const s of run.detail.single ?? []) {
    console.log(`| 2. ${server}: time-to-ack, single-message requests offered at ${s.offeredPerSecond}/s: p50 / p99 ms (served ${s.achievedPerSecond}/s, ${s.errors} errors) | ${s.p50Ms} / ${s.p99Ms} | | p99 <= 250 at 2000/s |`)
  }
}
if (e2eVotes) console.log(`| 2. ${e2eVotes.label}, incl. verification (votes/s acknowledged) | ${e2eVotes.median} | ${e2eVotes.all.join(', ')} | >= 10,000 |`)
if (verify) console.log(`| 3. recoveries/s per core (pool of ${verify.detail.cores}; one thread native ${verify.detail.nativeOneThread}, pure JS ${verify.detail.jsOneThread}) | ${verify.median} | ${verify.all.join(', ')} | |`)
for (const s of scale) console.log(`| 4. ${s.label} (msg/s) | ${s.median} | ${s.all.join(', ')} | |`)
printOverload(overloadResults)
console.log(`\nload average (1, 5, 15 min) before: ${loadBefore.join(', ')}; after: ${loadAfter.join(', ')}`)
console.log(
  JSON.stringify({
    bench: 'intake',
    runs,
    writerPerSecond: writer.median,
    writerMessages: Number(scaled('writer-messages')),
    writerDetail: writer.detail,
    transactionalPerSecond: transactional?.median ?? null,
    transactionalDetail: transactional?.detail ?? null,
    perMessageBaselinePerSecond: perMessage?.median ?? null,
    httpArraysPerSecond: e2e?.median ?? null,
    httpSingle: e2e?.detail.single ?? null,
    plainHttpArraysPerSecond: plain?.median ?? null,
    plainHttpSingle: plain?.detail.single ?? null,
    recoveriesPerSecondPerCore: verify?.median ?? null,
    recoveriesNativeOneThread: verify?.detail.nativeOneThread ?? null,
    recoveriesJsOneThread: verify?.detail.jsOneThread ?? null,
    writerScaling: Object.fromEntries(scale.map((s, i) => [scaleConnections[i], s.median])),
    semiSpaceMb: Number(values['semi-space']),
    writerBatch: Number(values['writer-batch']),
    loadBefore,
    loadAfter,
  }),
)
