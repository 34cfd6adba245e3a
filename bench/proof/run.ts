/**
 * `npm run bench:proof`: the proof API on a 1M-recipient campaign.
 *
 * 1. Imports a campaign of N recipients (default 1,000,000) into a fresh Postgres database with
 *    set-based SQL: allocations by `INSERT ... SELECT FROM unnest(...)` in batches, the compact
 *    tree in 16 MB chunk rows (`storeCampaignTree`, as imports store it).
 * 2. Lookups/s of the library call alone (`getClaimProof`, random recipients, the tree warm in
 *    the process) beside the named baseline, OpenZeppelin's `StandardMerkleTree.getProof` on the
 *    same tree (from its standard-v1 dump, address -> index by a Map): alternated, median
 *    of 3 rounds each, and the ratio.
 * 3. `next start` (the build in .next; run `npm run build` first) with BENCH_BASELINE=1, then
 *    autocannon against GET /api/campaigns/:id/proof/:address (a random recipient per request) and,
 *    beside it, the named baseline GET /api/bench/baseline-proof?bytes=<same size>, a constant JSON
 *    on the same server, and a control: that JSON on a route shaped like the proof route (two dynamic
 *    segments, a new path per request). Alternated, 3 rounds each; prints req/s, p99, and the ratios.
 * The library's rounds print the bench process's CPU per lookup too (the figure other load moves less).
 * Each run also reads the server's CPU time (Linux /proc): µs of server CPU per request, and the
 * baseline's over the proof route's (`cpuRatio`), a ratio that other load on the machine moves less.
 * Needs a Postgres server: TEST_DATABASE_URL (or DATABASE_URL). Flags: --recipients N --seconds S --connections C
 * --library-only (skip 3: no build needed), --port P (the server's), --profile-dir DIR (a CPU profile of the server),
 * --routes proof,baseline,shaped (which to load; one alone for a per-route profile), --server next|npm
 * (`next start`, default, or `npm start`'s scripts/start.ts), --proof-before-next (with npm: the prototype, PROOF_BEFORE_NEXT=1).
 */
import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import { StandardMerkleTree } from '@openzeppelin/merkle-tree'
import autocannon from 'autocannon'
import { keccak256, toHex, type Address } from 'viem'
import { getClaimProof } from '@/lib/airdrop/get-claim-proof'
import { loadServedCampaign } from '@/lib/airdrop/load-served-campaign'
import { storeCampaignTree } from '@/lib/airdrop/campaign-tree-store'
import { CLAIM_LEAF_ENCODING } from '@/lib/airdrop/schema'
import { childProcessEnv, env } from '@/lib/env'
import { buildTreeParallel, closeHashWorkers, dumpStandardTree, encodeCompactTree } from '@/lib/merkle'
import { createTestDatabase } from '@/tests/support/database'
import { startServerArgs } from '@/scripts/start-args'

const { values: flags } = parseArgs({
  options: {
    'library-only': { type: 'boolean', default: false },
    /** Port for `next start` (default: a random one from 3900). */
    port: { type: 'string' },
    /** Write a CPU profile of the `next start` process into this directory (node --cpu-prof). */
    'profile-dir': { type: 'string' },
    recipients: { type: 'string', default: '1000000' },
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '32' },
    /** Which routes to load, comma-separated (default all three): proof, baseline, shaped. One alone for a per-route profile. */
    routes: { type: 'string', default: 'proof,baseline,shaped' },
    /** The server: `next` (`next start`, default) or `npm` (`npm start`: scripts/start.ts, Next behind Arbor's gate). */
    server: { type: 'string', default: 'next' },
    /** With --server npm: PROOF_BEFORE_NEXT=1, the prototype that answers proof requests before Next routes them. */
    'proof-before-next': { type: 'boolean', default: false },
  },
})
const routes = new Set(flags.routes.split(','))

const recipients = Number(flags.recipients)
const seconds = Number(flags.seconds)
const connections = Number(flags.connections)
const log = (line: string) => process.stderr.write(`${line}\n`)
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

async function main() {
  const serverUrl = env.TEST_DATABASE_URL ?? env.DATABASE_URL
  if (!serverUrl) throw new Error('bench:proof needs a Postgres server: set TEST_DATABASE_URL')
  if (!flags['library-only'] && !existsSync(path.resolve('.next/BUILD_ID'))) throw new Error('no build in .next: run `npm run build` first')
  const database = await createTestDatabase({ serverUrl })
  try {
    // 1. the campaign, imported set-based
    let started = performance.now()
    const accounts: Address[] = Array.from({ length: recipients }, (_, i) => `0x${keccak256(toHex(`bench-proof-${i}`)).slice(26)}` as Address)
    const amounts = accounts.map((_, i) => BigInt(i % 1000 + 1) * 10n ** 18n)
    const tree = await buildTreeParallel({ values: accounts.map((a, i) => [i, a, amounts[i]!]), leafEncoding: CLAIM_LEAF_ENCODING })
    const compact = Buffer.from(encodeCompactTree(tree))
    log(`tree: ${recipients} leaves, ${(compact.length / 1e6).toFixed(0)} MB compact, built in ${((performance.now() - started) / 1000).toFixed(1)} s`)
    started = performance.now()
    const { rows: [campaign] } = await database.sql.query<{ id: string }>(
      `INSERT INTO campaigns (name, chain_id, token_address, distributor_address, merkle_root, total_amount, recipient_count, status)
       VALUES ('bench', 31337, $1, $2, $3, $4, $5, 'active') RETURNING id`,
      [`0x${'11'.repeat(20)}`, `0x${'22'.repeat(20)}`, tree.root, amounts.reduce((a, b) => a + b, 0n).toString(), recipients],
    )
    const id = campaign!.id
    const batch = 100_000
    for (let from = 0; from < recipients; from += batch) {
      const to = Math.min(recipients, from + batch)
      await database.sql.query(
        `INSERT INTO allocations (campaign_id, index, account, amount)
         SELECT $1::uuid, i, a, m FROM unnest($2::int[], $3::text[], $4::numeric[]) AS t(i, a, m)`,
        [id, Array.from({ length: to - from }, (_, k) => from + k), accounts.slice(from, to).map((a) => a.toLowerCase()), amounts.slice(from, to).map(String)],
      )
    }
    await database.sql.transaction((tx) => storeCampaignTree(tx, { campaignId: id, leafTypes: CLAIM_LEAF_ENCODING, root: tree.root, leafCount: recipients, bytes: compact }))
    log(`import: allocations and tree in Postgres in ${((performance.now() - started) / 1000).toFixed(1)} s`)
    await closeHashWorkers()

    // 2. the library call alone, beside OpenZeppelin's getProof on the same tree
    started = performance.now()
    await loadServedCampaign(database.db, { campaignId: id })
    const coldLoadMs = performance.now() - started
    started = performance.now()
    // what StandardMerkleTree.load returns, minus its validate() (a full rehash in JS: about 6 min at 1M)
    const dump = dumpStandardTree(tree)
    const OzTree = StandardMerkleTree as unknown as new (tree: unknown, values: unknown, leafEncoding: unknown) => StandardMerkleTree<string[]>
    const oz = new OzTree(dump.tree, dump.values, dump.leafEncoding)
    const ozIndex = new Map(accounts.map((a, i) => [a.toLowerCase(), i]))
    const ozLoadMs = performance.now() - started
    const ozProof = (account: string) => {
      const i = ozIndex.get(account.toLowerCase())
      if (i === undefined) throw new Error('not eligible')
      const [index, holder, amount] = oz.at(i)!
      return { index: Number(index), account: holder, amount: BigInt(amount!), proof: oz.getProof(i) }
    }
    const check = await getClaimProof(database.db, { campaignId: id, account: accounts[12345 % recipients]! })
    const ozCheck = ozProof(accounts[12345 % recipients]!)
    if (JSON.stringify(check.proof) !== JSON.stringify(ozCheck.proof) || check.index !== ozCheck.index) throw new Error('Arbor and OpenZeppelin disagree on a proof')
    const lookups = Math.min(200_000, recipients)
    const ozLookups = Math.max(1, Math.floor(lookups / 10))
    const rates: number[] = []
    const cpuPerLookup: number[] = []
    const ozRates: number[] = []
    for (let round = 0; round < 3; round++) {
      let t = performance.now()
      const cpu = process.cpuUsage()
      for (let k = 0; k < lookups; k++) await getClaimProof(database.db, { campaignId: id, account: accounts[(k * 7919 + round) % recipients]! })
      rates.push(Math.round(lookups / ((performance.now() - t) / 1000)))
      const used = process.cpuUsage(cpu)
      cpuPerLookup.push((used.user + used.system) / lookups)
      t = performance.now()
      for (let k = 0; k < ozLookups; k++) ozProof(accounts[(k * 7919 + round + 3) % recipients]!)
      ozRates.push(Math.round(ozLookups / ((performance.now() - t) / 1000)))
    }
    const libraryRatio = Number((median(rates) / median(ozRates)).toFixed(1))
    log(`library: first load ${(coldLoadMs / 1000).toFixed(1)} s; getClaimProof ${rates.join(' / ')} lookups/s (median ${median(rates)}, goal >= 50k/s); CPU ${cpuPerLookup.map((us) => us.toFixed(1)).join(' / ')} µs a lookup`)
    log(`baseline: OpenZeppelin StandardMerkleTree.getProof ${ozRates.join(' / ')} lookups/s (median ${median(ozRates)}; load ${(ozLoadMs / 1000).toFixed(1)} s); ratio ${libraryRatio}x`)
    const library = { lookupsPerSecond: median(rates), cpuPerLookupUs: Number(median(cpuPerLookup).toFixed(1)), openZeppelinLookupsPerSecond: median(ozRates), ratio: libraryRatio, firstLoadMs: Math.round(coldLoadMs), loadavg: loadavg()[0]!.toFixed(1) }
    if (flags['library-only']) {
      console.log(JSON.stringify({ recipients, library }))
      return
    }

    // 3. HTTP, next start, proof route beside the baseline
    const sample = JSON.stringify(await getClaimProof(database.db, { campaignId: id, account: accounts[0]! }), (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))
    const next = await startNext({ DATABASE_URL: database.url!, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', BENCH_BASELINE: '1', ...(flags['proof-before-next'] ? { PROOF_BEFORE_NEXT: '1' } : {}) })
    try {
      // warm both (the first proof request loads the tree into the server's memory)
      await fetch(`${next.url}/api/campaigns/${id}/proof/${accounts[1]}`).then((r) => r.text())
      const baselinePath = `/api/bench/baseline-proof?bytes=${Buffer.byteLength(sample)}`
      const baselineSize = Buffer.byteLength(await fetch(`${next.url}${baselinePath}`).then((r) => r.text()))
      /** One autocannon run, with the server's CPU time over it (µs per request; Linux, from /proc). */
      const measured = async (options: Parameters<typeof autocannon>[0]) => {
        const cpuBefore = next.cpuMicros()
        const result = await autocannon(options)
        const cpu = next.cpuMicros() - cpuBefore
        return { result, cpuPerRequestUs: Number.isFinite(cpu) && result.requests.total > 0 ? cpu / result.requests.total : NaN }
      }
      let k = 0
      const proofRun = () =>
        measured({
          url: next.url,
          connections,
          duration: seconds,
          requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: `/api/campaigns/${id}/proof/${accounts[(k = (k + 104_729) % recipients)]}` }) }],
        })
      // through setupRequest like the two others (with it autocannon rebuilds each request: client CPU
      // that, on a machine the client shares with the server, the baseline must pay as well)
      const baselineRun = () =>
        measured({ url: next.url, connections, duration: seconds, requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: baselinePath }) }] })
      // control: the same constant JSON on a route shaped like the proof route, a new path per request
      let j = 0
      const shapedRun = () =>
        measured({
          url: next.url,
          connections,
          duration: seconds,
          requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: `/api/bench/baseline-proof/${id}/${accounts[(j = (j + 104_729) % recipients)]}?bytes=${Buffer.byteLength(sample)}` }) }],
        })
      await autocannon({ url: `${next.url}${baselinePath}`, connections, duration: 2 }) // JIT warm-up
      type Run = Awaited<ReturnType<typeof measured>>
      const proof: Run[] = []
      const baseline: Run[] = []
      const shaped: Run[] = []
      const loads: number[] = []
      for (let round = 0; round < 3; round++) {
        loads.push(loadavg()[0]!)
        if (routes.has('proof')) proof.push(await proofRun())
        if (routes.has('baseline')) baseline.push(await baselineRun())
        if (routes.has('shaped')) shaped.push(await shapedRun())
      }
      const summary = (runs: Run[]) =>
        runs.length === 0
          ? undefined
          : {
              requestsPerSecond: median(runs.map((r) => r.result.requests.average)),
              requests: runs.reduce((sum, r) => sum + r.result.requests.total, 0),
              p50Ms: median(runs.map((r) => r.result.latency.p50)),
              p99Ms: median(runs.map((r) => r.result.latency.p99)),
              cpuPerRequestUs: Math.round(median(runs.map((r) => r.cpuPerRequestUs))),
              failures: runs.reduce((sum, r) => sum + r.result.non2xx + r.result.errors, 0),
            }
      const ratio = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? undefined : Number((a / b).toFixed(2)))
      const proofRoute = summary(proof)
      const baselineRoute = summary(baseline)
      const shapedBaselineRoute = summary(shaped)
      const result = {
        recipients,
        server: flags['proof-before-next'] ? `${flags.server}, proof before Next` : flags.server,
        bodyBytes: { proof: Buffer.byteLength(sample), baseline: baselineSize },
        library,
        proofRoute,
        baselineRoute,
        ratio: ratio(proofRoute?.requestsPerSecond, baselineRoute?.requestsPerSecond),
        /** The baseline's server CPU per request over the proof route's: the ratio unaffected by other load on the machine. */
        cpuRatio: ratio(baselineRoute?.cpuPerRequestUs, proofRoute?.cpuPerRequestUs),
        shapedBaselineRoute: shapedBaselineRoute && { ...shapedBaselineRoute, ratio: ratio(proofRoute?.requestsPerSecond, shapedBaselineRoute.requestsPerSecond) },
        connections,
        seconds,
        loadavg: loads.map((l) => l.toFixed(1)),
      }
      const line = (name: string, r: ReturnType<typeof summary>, note = '') =>
        r && log(`${name} ${r.requestsPerSecond.toFixed(0)} req/s   p99 ${r.p99Ms} ms   server CPU ${r.cpuPerRequestUs} µs/request   (${r.failures} non-2xx/errors)${note}`)
      line('proof route   ', proofRoute)
      line('baseline route', baselineRoute, `   constant JSON, ${baselineSize} bytes`)
      line('shaped control', shapedBaselineRoute, `   same JSON on /api/bench/baseline-proof/:id/:address, new path per request; proof route ${result.shapedBaselineRoute?.ratio ?? '-'}x of it`)
      log(`ratio          ${result.ratio ?? '-'}x req/s, ${result.cpuRatio ?? '-'}x by server CPU (goal >= 0.8x); library ${median(rates)} lookups/s (goal >= 50k/s), ${libraryRatio}x OpenZeppelin's; load ${result.loadavg.join(' / ')} -> ${loadavg()[0]!.toFixed(1)}`)
      console.log(JSON.stringify(result))
    } finally {
      await next.stop()
    }
  } finally {
    await database.drop()
  }
}

/** The server's user + system CPU time in µs (Linux /proc; NaN elsewhere). */
function processCpuMicros(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'latin1').split(') ')[1]!.split(' ')
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / 100 // utime + stime, in USER_HZ (100) ticks
  } catch {
    return NaN
  }
}

/**
 * The server on this checkout's build, answering once the baseline route does: `next start`, or
 * with `--server npm` what `npm start` runs (scripts/start.ts: Next's handler behind the gate).
 */
async function startNext(variables: Record<string, string>) {
  const entry = flags.server === 'npm' ? startServerArgs() : [path.resolve('node_modules/next/dist/bin/next'), 'start']
  const port = flags.port ? Number(flags.port) : 3_900 + Math.floor(Math.random() * 500)
  const profile = flags['profile-dir'] ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(flags['profile-dir'])}`] : []
  const child = spawn(process.execPath, [...profile, ...entry, '-p', String(port), '-H', '127.0.0.1'], {
    env: childProcessEnv(variables),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (d) => (output += d))
  child.stderr.on('data', (d) => (output += d))
  const url = `http://127.0.0.1:${port}`
  const stop = async () => {
    child.kill('SIGTERM')
    await new Promise((resolve) => child.once('exit', resolve))
  }
  for (let i = 0; ; i++) {
    if (i > 600) {
      await stop()
      throw new Error(`next start did not answer:\n${output}`)
    }
    if (await fetch(`${url}/api/bench/baseline-proof`).then((r) => r.ok, () => false)) return { url, stop, cpuMicros: () => processCpuMicros(child.pid) }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

await main()
