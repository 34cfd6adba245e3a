/**
 * One measurement of bench/intake in a fresh process; prints one JSON line. Cases:
 *   writer <messages> <conns> [mode] [batch]
 *                                     the vote writer path alone (messages already verified): mode
 *                                     `log` (the vote log, with the materializer running beside
 *                                     it and its lag at the end) or `transactional` (today's);
 *                                     batch: votes a transaction (default 1000)
 *   per-message <messages> <conns>    the writer's named baseline: one upsert and commit per message
 *   verify <messages>                 signature recovery: one thread native / js, and the pool
 *   e2e-votes <appDir|plain> <messages> [port]
 *                                     figure 3 with votes: arrays of 100 votes to /api/votes, 8 clients
 *   e2e <appDir> <messages> [rates]   HTTP against `next start` in appDir (built): arrays of 100,
 *                                     then single-message requests at each of `rates`/s (2000,250);
 *                                     appDir `plain`: the baseline, the same engine and handlers in a
 *                                     bare node:http server (tests/intake/support/intake-server.ts)
 *   overload <appDir> <postgres|pglite> <seconds> [rates]
 *                                     `next start` in appDir on a fresh Postgres database or an
 *                                     embedded PGlite served over its socket (as `npm run dev`):
 *                                     pre-signed single votes (three proposals) offered open-loop at
 *                                     each rate (300,1000,2000/s) for <seconds>: p50/p99 of all
 *                                     answers, 2xx/s, 429s; then honest votes at 100/s beside a NUL
 *                                     vote re-posted at 100/s (share of honest failures)
 * Needs a Postgres server: TEST_DATABASE_URL (a fresh database is created and dropped per run).
 */
import { spawn } from 'node:child_process'
import http from 'node:http'
import { readdirSync, readFileSync } from 'node:fs'
import { randomBytes, randomUUID } from 'node:crypto'
import { availableParallelism, cpus, loadavg } from 'node:os'
import path from 'node:path'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { childProcessEnv, env as processEnv } from '@/lib/env'
import { createVerifier, type TypedDataItem } from '@/lib/intake/verifier-core.mjs'
import { createVerifierPool } from '@/lib/intake/verifier-pool'
import { applyVotesInTransaction, createVoteMessageType, VOTE_DOMAIN, voteTypes, type VoteRow } from '@/lib/intake/vote-message'
import { materializeVotes } from '@/lib/intake/materialize-votes'
import type { SqlClient, SqlQueryable } from '@/lib/db/types'
import type { VerifiedMessage } from '@/lib/intake/types'
import { writeBatches } from '@/lib/intake/write-batch'
import { createDatabase } from '@/lib/db/create-database'
import { createTestDatabase } from '@/tests/support/database'
import { createTestKeys, seedCampaign, seedProposals, signClaim, signTyped } from '@/tests/intake/support/fixtures'
import { startIntakeServer } from '@/tests/intake/support/start-intake-server'
import { startServerArgs } from '@/scripts/start-args'

const argv = process.argv.slice(2)
/** `--port=N` (the web server's port) and `--server=gated|next` (npm start's gated server, or bare next start). */
const positional = argv.filter((a) => !a.startsWith('--'))
const options = {
  // e2e-votes also takes the port as its third argument (`e2e-votes . 50000 3231`)
  port: Number(argv.find((a) => a.startsWith('--port='))?.slice(7) ?? (positional[0] === 'e2e-votes' ? positional[3] : undefined) ?? 3222),
  server: (argv.find((a) => a.startsWith('--server='))?.slice(9) ?? 'gated') as 'gated' | 'adaptive' | 'next',
  /** `--rate=N` (writer): offer N votes a second in all (each batch waits for its due time), not as fast as the writers go: does the materializer keep up at N? */
  rate: Number(argv.find((a) => a.startsWith('--rate='))?.slice(7) ?? 0),
}
const [kind, ...args] = positional
/**
 * `--log-statements` (e2e-votes): the run's database logs every statement with its duration
 * (`ALTER DATABASE … SET log_min_duration_statement = 0`, that database only); the result gives the
 * bulk phase's window, to count the server's statements per request in the server log.
 */
const logStatements = argv.includes('--log-statements')
/** `--profile-dir=DIR`: the web server runs under `--cpu-prof` (every thread, verifier workers included) into DIR. */
const profileDir = argv.find((a) => a.startsWith('--profile-dir='))?.slice(14)
const serverProfileArgs = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profileDir)}`] : []
const print = (result: Record<string, unknown>) => console.log(JSON.stringify({ case: kind, ...result }))

/**
 * 0x-hex of `bytes` random bytes as a flat string, as the server's ids and voters are (digests
 * arrive from the verifier threads by postMessage, voters from JSON.parse and toLowerCase): a
 * template literal would make a cons string, which the writer would flatten (copy) on first use.
 */
const randomHex = (bytes: number): string => Buffer.from(`0x${randomBytes(bytes).toString('hex')}`, 'latin1').toString('latin1')

/** 1M votes over 100 proposals: 5% re-votes (same voter, later timestamp), 1% exact duplicates. */
function generateVotes(proposals: readonly string[], total: number): VerifiedMessage<VoteRow>[][] {
  const byProposal = proposals.map(() => [] as VerifiedMessage<VoteRow>[])
  const signature = `0x${'ab'.repeat(65)}`
  const base = 1_700_000_000
  for (let i = 0; i < total; i++) {
    const p = i % proposals.length
    const list = byProposal[p]!
    const roll = Math.random()
    if (roll < 0.01 && list.length > 0) {
      list.push(list[Math.floor(Math.random() * list.length)]!)
      continue
    }
    const voter = roll < 0.06 && list.length > 0 ? list[Math.floor(Math.random() * list.length)]!.key : randomHex(20)
    const timestamp = String(base + i)
    const id = randomHex(32)
    list.push({
      kind: 'vote', id, shardKey: proposals[p]!, key: voter, signer: voter, signature, rank: BigInt(timestamp),
      payload: { voter, proposal: proposals[p], choices: ['1'], weights: [], reason: '', timestamp },
      row: { proposalId: proposals[p]!, voter, choice: '1', reason: '', votingPower: '1000000000000000000000', timestamp },
    })
  }
  return byProposal
}

type WriterMode = 'log' | 'transactional' | 'per-message'

/** Which statement a SQL text is, for the per-statement breakdown. */
function statementOf(text: string): string {
  if (text.includes('pg_advisory_xact_lock')) return 'advisory locks + batch ids'
  if (text.includes('FOR KEY SHARE')) return 'lock shards (FOR KEY SHARE)'
  if (text.includes('INSERT INTO vote_log')) return 'vote_log append'
  if (text.includes('INSERT INTO votes')) return 'votes upsert'
  if (text.includes('INSERT INTO batches')) return 'batch row (+ intake_messages rows)'
  if (text.includes('JOIN intake_messages m ON m.id = q.id')) return 'duplicate check'
  return text.slice(0, 40)
}

/**
 * Wraps a SqlClient: wall time per statement kind and per transaction (BEGIN + statements +
 * COMMIT), summed. Under shared load these are shares, not figures.
 */
function timedSql(sql: SqlClient) {
  const spent = new Map<string, number>()
  /** With one writer connection: its backend's CPU (from /proc, 10 ms ticks) around each statement, summed per kind. */
  const pgCpu = new Map<string, number>()
  let backend: number | undefined
  const add = (label: string, ms: number) => spent.set(label, (spent.get(label) ?? 0) + ms)
  const wrap = (q: SqlQueryable): SqlQueryable => ({
    async query(text, params) {
      const t = performance.now()
      const cpu = backend !== undefined ? cpuOfPids([backend]) : 0
      try {
        return await q.query(text, params)
      } finally {
        add(statementOf(text), performance.now() - t)
        if (backend !== undefined) pgCpu.set(statementOf(text), (pgCpu.get(statementOf(text)) ?? 0) + cpuOfPids([backend]) - cpu)
      }
    },
  })
  const client: SqlClient = {
    ...wrap(sql),
    async transaction(work, options) {
      const t = performance.now()
      const cpu = backend !== undefined ? cpuOfPids([backend]) : 0
      try {
        return await sql.transaction((tx) => work(wrap(tx)), options)
      } finally {
        add('transaction (all of it)', performance.now() - t)
        if (backend !== undefined) pgCpu.set('transaction (all of it, BEGIN and COMMIT included)', (pgCpu.get('transaction (all of it, BEGIN and COMMIT included)') ?? 0) + cpuOfPids([backend]) - cpu)
      }
    },
  }
  return { client, spent, pgCpu, watchBackend: (pid: number) => (backend = pid) }
}

/** CPU seconds (user + system) of the given processes, from /proc (Linux, the database on this machine). */
/** `pid` and every process below it (`next start` forks its server). */
function withDescendants(pid: number): number[] {
  const out = [pid]
  for (let i = 0; i < out.length; i++) {
    try {
      for (const tid of readdirSync(`/proc/${out[i]}/task`)) {
        out.push(...readFileSync(`/proc/${out[i]}/task/${tid}/children`, 'utf8').split(' ').filter(Boolean).map(Number))
      }
    } catch {
      // gone
    }
  }
  return out
}

function cpuOfPids(pids: readonly number[]): number {
  let ticks = 0
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ')
      ticks += Number(fields[11]) + Number(fields[12])
    } catch {
      // not on this machine, or gone
    }
  }
  return ticks / 100
}

/**
 * The vote writer path, messages already verified, acknowledgement after COMMIT. Modes:
 * - `log`: the vote log (append only); a materializer derives `votes` concurrently on its own
 *   connection, and its lag when the writers finish is measured;
 * - `transactional`: today's transactional writer (votes upsert + intake_messages in the batch);
 * - `per-message`: the named baseline, one autocommit upsert per message as a row-per-message
 *   sequencer (Snapshot's) does.
 * Each connection writes its own proposals, one batch (a transaction) of `batchSize` votes at a time (default 1 000, the engine's maxBatchSize).
 * The clock starts after a full GC (generating 1M messages leaves garbage and a marking of the
 * heap that would otherwise fall inside it), and a written batch's messages are let go, as a
 * server lets go of acknowledged ones: the Node figure is the writer's own.
 */
async function writer(total: number, connections: number, mode: WriterMode, batchSize = 1_000) {
  const database = await createTestDatabase()
  try {
    const proposals = await seedProposals(database.sql, { chainId: 31337, token: '0x0000000000000000000000000000000000000003', proposals: 100 })
    const logType = createVoteMessageType({ getProposal: async () => undefined, getVotingPowers: async (_p, voters) => voters.map(() => 0n) })
    const type = mode === 'transactional' ? { ...logType, append: undefined, apply: applyVotesInTransaction } : logType
    const generationStarted = performance.now()
    const byProposal = generateVotes(proposals, total)
    console.error(`generated ${total} messages in ${Math.round(performance.now() - generationStarted)} ms`)
    const { client, spent, pgCpu, watchBackend } = timedSql(database.sql)
    // the materializer on its own connection (as another app instance would run it), so the
    // writers' backends and its backend are measured apart
    const derivation = mode === 'log' ? createDatabase({ kind: 'postgres', url: database.url!, poolSize: 1 }) : undefined
    const pidsOf = async (db: { sql: SqlClient }, count: number) => {
      // open every connection first, so their backends' CPU can be read
      const pids = await Promise.all(Array.from({ length: count }, () => db.sql.transaction(async (tx) => {
        const { rows: [row] } = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid, pg_sleep(0.05)::text')
        return row!.pid
      })))
      return [...new Set(pids)]
    }
    const pids = await pidsOf(database, connections)
    // one writer connection: Postgres CPU per statement kind too (the pool reuses that one backend)
    if (connections === 1 && pids.length === 1) watchBackend(pids[0]!)
    const derivationPids = derivation ? await pidsOf(derivation, 1) : []
    const pgCpuBefore = cpuOfPids(pids)
    const derivationCpuBefore = cpuOfPids(derivationPids)
    // the generation's garbage, and marking the messages it made, are the bench's own work (a
    // server holds only the messages in flight): collected before the clock starts
    setFlagsFromString('--expose-gc')
    ;(runInNewContext('gc') as () => void)()
    const nodeBefore = process.cpuUsage()
    let writing = true
    let derived = 0
    let passes = 0
    let acked = 0
    let maxLag = 0
    // the materializer, concurrently, as an app instance runs it: a pass whenever the last one ends
    const materializer =
      mode === 'log'
        ? (async () => {
            let since = 0
            while (writing) {
              const pass = await materializeVotes(derivation!.sql, { sinceBatchId: Math.max(0, since - 1_000) })
              since = pass.maxBatchId
              derived += pass.messages
              passes++
              // acknowledged but not derived when this pass ended (an upper bound: some were derived by it)
              maxLag = Math.max(maxLag, acked - derived)
              if (pass.messages === 0) await new Promise((resolve) => setTimeout(resolve, 5))
            }
          })()
        : undefined
    const started = performance.now()
    let offered = 0
    await Promise.all(
      Array.from({ length: connections }, async (_, w) => {
        const mine = byProposal.filter((_, p) => p % connections === w)
        for (let offset = 0; mine.some((list) => offset < list.length); offset += batchSize) {
          for (const list of mine) {
            const chunk = list.slice(offset, offset + batchSize)
            if (chunk.length === 0) continue
            if (options.rate > 0) {
              // open loop at --rate: this batch is due once the votes before it were, in all
              const due = started + (offered / options.rate) * 1000
              offered += chunk.length
              if (due > performance.now()) await new Promise((resolve) => setTimeout(resolve, due - performance.now()))
            }
            if (mode !== 'per-message') await writeBatches(client, [{ type, shardKey: chunk[0]!.shardKey, messages: chunk }]).then(() => (acked += chunk.length))
            else for (const message of chunk) await client.transaction((tx) => tx.query(BASELINE_UPSERT, baselineRow(message)))
            // acknowledged: a server holds a message no longer, nor does the bench
            ;(list as (VerifiedMessage<VoteRow> | undefined)[]).fill(undefined, offset, offset + chunk.length)
          }
        }
      }),
    )
    const seconds = (performance.now() - started) / 1000
    const node = process.cpuUsage(nodeBefore)
    const nodeCpuSeconds = (node.user + node.system) / 1e6
    let lag: Record<string, number> = {}
    if (materializer) {
      writing = false
      await materializer
      // what was still to derive when the last append committed, and how long the catch-up took
      const { rows: [log] } = await database.sql.query<{ n: number }>('SELECT coalesce(sum(length(message_ids) / 32), 0)::int AS n FROM vote_log')
      const behind = log!.n - derived
      const t = performance.now()
      const rest = await materializeVotes(derivation!.sql)
      lag = { ...(options.rate > 0 ? { offeredPerSecond: options.rate } : {}), derivedDuringWrites: derived, materializerPasses: passes, maxLagAfterPass: maxLag, lagMessagesAtEnd: behind, catchUpMs: Math.round(performance.now() - t), caughtUp: rest.messages }
    }
    const pgCpuSeconds = cpuOfPids(pids) - pgCpuBefore
    const derivationCpuSeconds = cpuOfPids(derivationPids) - derivationCpuBefore
    await derivation?.close()
    const { rows: [counts] } = await database.sql.query<{ logged: number; indexed: number; votes: number; batches: number }>(
      'SELECT (SELECT coalesce(sum(length(message_ids) / 32), 0)::int FROM vote_log) AS logged, (SELECT count(*)::int FROM intake_messages) + (SELECT count(*)::int FROM vote_ids) AS indexed, (SELECT count(*)::int FROM votes) AS votes, (SELECT count(*)::int FROM batches) AS batches',
    )
    print({
      mode,
      messages: total,
      connections,
      seconds: Number(seconds.toFixed(2)),
      perSecond: Math.round(total / seconds),
      nodeCpuUsPerMessage: Number(((nodeCpuSeconds * 1e6) / total).toFixed(1)),
      // the writers' backends; for `log`, the materializer's backend apart (its passes and the catch-up)
      pgCpuUsPerMessage: Number(((pgCpuSeconds * 1e6) / total).toFixed(1)),
      ...(derivation ? { derivationPgCpuUsPerMessage: Number(((derivationCpuSeconds * 1e6) / total).toFixed(1)) } : {}),
      msPerThousandByStatement: Object.fromEntries([...spent].map(([label, ms]) => [label, Number(((ms / total) * 1000).toFixed(2))])),
      ...(pgCpu.size > 0 ? { pgCpuUsPerMessageByStatement: Object.fromEntries([...pgCpu].map(([label, seconds]) => [label, Number(((seconds * 1e6) / total).toFixed(2))])) } : {}),
      ...lag,
      ...counts,
    })
  } finally {
    await database.drop()
  }
}

const BASELINE_UPSERT = `INSERT INTO votes (proposal_id, voter, choice, reason, voting_power, "timestamp", message_id)
  VALUES ($1, $2, $3::jsonb, $4, $5, to_timestamp($6), $7)
  ON CONFLICT (proposal_id, voter) DO UPDATE SET choice = excluded.choice, reason = excluded.reason, voting_power = excluded.voting_power,
    "timestamp" = excluded."timestamp", message_id = excluded.message_id
  WHERE votes."timestamp" < excluded."timestamp"`

const baselineRow = ({ id, row }: VerifiedMessage<VoteRow>) => [row.proposalId, row.voter, row.choice, row.reason, row.votingPower, row.timestamp, id]

async function verify(total: number) {
  const keys = await createTestKeys(64)
  const items: TypedDataItem[] = []
  for (let i = 0; i < total; i++) {
    const key = keys[i % keys.length]!
    const message = { voter: key.address, proposal: randomUUID(), choices: ['1'], weights: [], reason: '', timestamp: String(1_700_000_000 + i) }
    const typed = { domain: { ...VOTE_DOMAIN, chainId: 31337, verifyingContract: '0x0000000000000000000000000000000000000003' }, types: voteTypes, primaryType: 'Vote', message }
    items.push({ ...typed, signature: (await signTyped(key.privateKey, typed)).signature })
  }
  const rate = (count: number, ms: number) => Math.round(count / (ms / 1000))
  const native = await createVerifier({ backend: 'native' })
  native.verifyMany(items.slice(0, 500)) // warm up
  let t = performance.now()
  native.verifyMany(items)
  const nativeOneThread = rate(items.length, performance.now() - t)
  const js = await createVerifier({ backend: 'js' })
  const jsItems = items.slice(0, Math.min(1_000, items.length))
  js.verifyMany(jsItems.slice(0, 50))
  t = performance.now()
  js.verifyMany(jsItems)
  const jsOneThread = rate(jsItems.length, performance.now() - t)
  const size = availableParallelism()
  const pool = createVerifierPool({ size })
  await pool.backend()
  await pool.recover(items.slice(0, 1_000))
  t = performance.now()
  const results = (await Promise.all(Array.from({ length: Math.ceil(items.length / 1_000) }, (_, i) => pool.recover(items.slice(i * 1_000, (i + 1) * 1_000))))).flat()
  const poolRate = rate(items.length, performance.now() - t)
  await pool.close()
  if (results.some((r) => r.error !== undefined)) throw new Error('a signature failed to verify')
  print({ messages: total, cores: size, cpu: cpus()[0]?.model, nativeOneThread, jsOneThread, pool: poolRate, poolPerCore: Math.round(poolRate / size) })
}

/** Posts `messages` one per request at `rate` per second (`offer`: open loop, latency from the intended send time); time-to-ack percentiles of the 200s. */
async function openLoop(messages: readonly unknown[], rate: number, url: string) {
  const run = await offer(messages, rate, url)
  return { offeredPerSecond: rate, requests: messages.length, achievedPerSecond: run.okPerSecond, errors: run.shed429 + run.otherErrors, p50Ms: run.okP50Ms, p99Ms: run.okP99Ms }
}

/**
 * The build in appDir served as `npm start` does (`gated`: scripts/start.ts, Next behind the
 * overload gate; `adaptive`: the same with INTAKE_TARGET_MS=150 and INTAKE_SHED_LAG_MS=50) or by
 * bare `next start` (`next`, the baseline), on `--port=` (default 3222, clear
 * of the dev stack's 3000/3100), answering once a route does. `stats()` reads the server process's
 * CPU seconds so far (user + system, from /proc; the web server only, not Postgres or the client).
 */
async function startNext(appDir: string, env: Record<string, string>) {
  const port = options.port
  const command =
    options.server === 'next'
      ? [path.join(appDir, 'node_modules/next/dist/bin/next'), 'start', '-p', String(port), '-H', '127.0.0.1']
      : [...startServerArgs(appDir), '-p', String(port), '-H', '127.0.0.1']
  command.unshift(...serverProfileArgs)
  // `adaptive`: npm start with the experimental adaptive intake limit (lib/http/overload-gate.ts)
  const adaptive = options.server === 'adaptive' ? { INTAKE_TARGET_MS: '150', INTAKE_SHED_LAG_MS: '50' } : {}
  const next = spawn(process.execPath, command, {
    cwd: appDir,
    env: childProcessEnv({ ...adaptive, ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  next.stdout.on('data', (d) => (output += d))
  next.stderr.on('data', (d) => (output += d))
  const url = `http://127.0.0.1:${port}`
  const stop = async () => {
    next.kill('SIGTERM')
    await new Promise((r) => next.once('exit', r))
  }
  const cpuSeconds = () => cpuOfPids(withDescendants(next.pid!))
  for (let i = 0; ; i++) {
    if (i > 600 || next.exitCode !== null) {
      await stop()
      throw new Error(`${options.server} server did not answer on ${url}:\n${output}`)
    }
    if (await fetch(`${url}/api/receipts/0x${'00'.repeat(32)}`).then((r) => r.status === 404, () => false)) return { url, stop, cpuSeconds }
    await new Promise((r) => setTimeout(r, 100))
  }
}

async function e2e(appDir: string, total: number, rates: readonly number[]) {
  const database = await createTestDatabase()
  const campaigns = []
  const perCampaign = 5_000
  for (let i = 0; i < Math.ceil(total / perCampaign); i++) campaigns.push(await seedCampaign(database.sql, { chainId: 31337, keys: await createTestKeys(perCampaign) }))
  const claims = []
  for (const campaign of campaigns) for (const a of campaign.allocations) claims.push(await signClaim(campaign, a, campaign.proofOf(a.index)))
  claims.sort((x, y) => (x.id < y.id ? -1 : 1)) // arrivals interleave campaigns
  const env = { DATABASE_URL: database.url!, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', RPC_URL: 'http://127.0.0.1:9' }
  // 'plain' is the named baseline: the same engine and route handlers in a bare node:http server
  const server = appDir === 'plain' ? await startIntakeServer(env) : await startNext(appDir, env)
  const url = server.url
  try {
    const post = (body: unknown) => fetch(`${url}/api/claims`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    // warm-up: workers started, routes compiled into memory
    await post(claims.slice(0, 100))
    const bulk = claims.slice(100, Math.floor(claims.length * 0.8))
    const { acked, rejected, seconds: bulkSeconds } = await postInArrays(bulk, `${url}/api/claims`)
    // time-to-acknowledge: single-message requests, open loop, at each offered rate in turn
    const singles = claims.slice(Math.floor(claims.length * 0.8))
    const perRate = Math.floor(singles.length / rates.length)
    const single = []
    for (const [r, rate] of rates.entries()) single.push(await openLoop(singles.slice(r * perRate, (r + 1) * perRate), rate, `${url}/api/claims`))
    print({
      messages: claims.length,
      bulkMessages: bulk.length,
      bulkAcked: acked,
      bulkRejected: rejected,
      bulkPerSecond: Math.round(acked / bulkSeconds),
      single,
    })
  } finally {
    await server.stop()
    await database.drop()
  }
}

/**
 * Posts `messages` as arrays of 100 from `clients` concurrent clients (closed loop) to `url`, over
 * node:http keep-alive connections with the bodies serialized before the clock starts (as a
 * client that signed them would hold them), so the load generator's CPU on these shared cores
 * is the request and the answer's parse, not fetch's: the answers' per-message statuses (a whole
 * array refused counts each of its messages under the HTTP status).
 */
async function postInArrays(messages: readonly unknown[], url: string, clients = 8) {
  const target = new URL(url)
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients })
  const bodies: Array<{ body: Buffer; count: number }> = []
  for (let i = 0; i < messages.length; i += 100) bodies.push({ body: Buffer.from(JSON.stringify(messages.slice(i, i + 100))), count: Math.min(100, messages.length - i) })
  const post = (body: Buffer) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = http.request(
        { agent, host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': body.length } },
        (res) => {
          const chunks: Buffer[] = []
          res.on('data', (chunk: Buffer) => chunks.push(chunk))
          res.once('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }))
          res.once('error', reject)
        },
      )
      req.once('error', reject)
      req.end(body)
    })
  let next = 0
  let acked = 0
  let rejected = 0
  const statuses = new Map<number, number>()
  const count = (status: number, n: number) => statuses.set(status, (statuses.get(status) ?? 0) + n)
  const started = performance.now()
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < bodies.length) {
        const { body: chunk, count: size } = bodies[next++]!
        const response = await post(chunk)
        const body = JSON.parse(response.text) as { results?: Array<{ httpStatus: number }> }
        for (const r of body.results ?? []) {
          count(r.httpStatus, 1)
          if (r.httpStatus === 200) acked++
          else rejected++
        }
        if (!body.results) {
          rejected += size
          count(response.status, size)
        }
      }
    }),
  )
  const seconds = (performance.now() - started) / 1000
  agent.destroy()
  return { acked, rejected, statuses, seconds }
}

/** Native recoveries a second on this thread (about 0.5 s of them), and CPU µs each: the per-core floor in the current window. */
async function recoveriesPerSecond(keys: readonly { address: string; privateKey: `0x${string}` }[]) {
  const native = await createVerifier({ backend: 'native' })
  const items: TypedDataItem[] = []
  for (let i = 0; i < 200; i++) {
    const key = keys[i % keys.length]!
    const message = { voter: key.address, proposal: randomUUID(), choices: ['1'], weights: [], reason: '', timestamp: String(1_700_000_000 + i) }
    const typed = { domain: { ...VOTE_DOMAIN, chainId: 31337, verifyingContract: '0x0000000000000000000000000000000000000003' }, types: voteTypes, primaryType: 'Vote', message }
    items.push({ ...typed, signature: (await signTyped(key.privateKey, typed)).signature })
  }
  native.verifyMany(items)
  let count = 0
  const started = performance.now()
  const cpu = process.cpuUsage()
  while (performance.now() - started < 500) count += native.verifyMany(items).length
  const { user, system } = process.cpuUsage(cpu)
  return { perSecond: count / ((performance.now() - started) / 1000), cpuUs: (user + system) / count }
}

/**
 * Figure 3 with votes: arrays of 100 signed votes posted by 8 clients to /api/votes under `next
 * start` (appDir) or the bare node:http baseline (`plain`), verification included. The proposals
 * take their power from a campaign's allocations, so no chain is read. Acknowledged votes a second
 * (the default voteAck: after COMMIT and the derivation pass covering the batch), with the CPU
 * seconds of this process (the load generator) and of the server's process tree beside it.
 */
async function e2eVotes(appDir: string, total: number) {
  const { seedCampaignPoweredProposals, signVote } = await import('@/tests/intake/support/fixtures')
  const database = await createTestDatabase()
  const voters = Math.min(total, 10_000)
  const keys = await createTestKeys(voters)
  const { targets } = await seedCampaignPoweredProposals(database.sql, { keys, proposals: Math.ceil(total / voters) })
  const now = Math.floor(Date.now() / 1000) - 60
  const votes = []
  for (let i = 0; i < total; i++) votes.push(await signVote(keys[i % voters]!, targets[Math.floor(i / voters)]!, { choice: 1 + (i % 3), timestamp: now }))
  // arrivals interleave proposals, as many clients' would
  votes.sort((x, y) => (x.id < y.id ? -1 : 1))
  if (logStatements) await database.sql.query(`ALTER DATABASE "${new URL(database.url!).pathname.slice(1)}" SET log_min_duration_statement = 0`)
  const env = { DATABASE_URL: database.url!, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', RPC_URL: 'http://127.0.0.1:9' }
  const server =
    appDir === 'plain'
      ? await startIntakeServer(env, { execArgv: serverProfileArgs }).then((plain) => ({ ...plain, cpuSeconds: () => cpuOfPids(withDescendants(plain.child.pid!)) }))
      : await startNext(appDir, env)
  try {
    const post = (body: unknown) => fetch(`${server.url}/api/votes`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    await post(votes.slice(0, 100)).then((r) => r.arrayBuffer()) // warm-up: workers, routes, caches
    const bulk = votes.slice(100)
    // the database's share: the backends serving this run's database (pooled, so they live through it)
    const backends = async () =>
      (await database.sql.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()')).rows.map((r) => r.pid)
    const pgPids = await backends()
    const recoveriesBefore = await recoveriesPerSecond(keys)
    const loadBefore = loadavg()
    const cpuBefore = process.cpuUsage()
    const serverBefore = server.cpuSeconds()
    const pgBefore = cpuOfPids(pgPids)
    const bulkStarted = new Date().toISOString()
    const { acked, rejected, statuses, seconds } = await postInArrays(bulk, `${server.url}/api/votes`)
    const bulkEnded = new Date().toISOString()
    const client = process.cpuUsage(cpuBefore)
    const serverCpu = server.cpuSeconds() - serverBefore
    const pgCpu = cpuOfPids(pgPids) - pgBefore
    const loadAfter = loadavg()
    const recoveriesAfter = await recoveriesPerSecond(keys)
    const perVote = (cpuSeconds: number) => Number(((cpuSeconds * 1e6) / bulk.length).toFixed(1))
    const bulkPerSecond = Math.round(acked / seconds)
    const recoveries = Math.round((recoveriesBefore.perSecond + recoveriesAfter.perSecond) / 2)
    print({
      messages: votes.length,
      bulkMessages: bulk.length,
      bulkAcked: acked,
      bulkRejected: rejected,
      statuses: Object.fromEntries(statuses),
      bulkPerSecond,
      voteAck: processEnv.INTAKE_VOTE_ACK,
      // one thread, native, before and after the run: the floor per core in this window
      recoveriesPerSecondPerCore: recoveries,
      votesPerRecoveryPerCore: Number((bulkPerSecond / recoveries).toFixed(3)),
      cpuUsPerVote: {
        server: perVote(serverCpu),
        postgres: perVote(pgCpu),
        loadGenerator: perVote((client.user + client.system) / 1e6),
        // CPU time of one native recovery (digest included) on the load generator's thread
        recovery: Number(((recoveriesBefore.cpuUs + recoveriesAfter.cpuUs) / 2).toFixed(1)),
      },
      postgresBackends: pgPids.length,
      ...(logStatements ? { statementLogWindow: [bulkStarted, bulkEnded], postgresBackendPids: pgPids } : {}),
      loadGeneratorCpuUsPerMessage: perVote((client.user + client.system) / 1e6),
      load: [loadBefore, loadAfter].map((l) => l.map((x) => x.toFixed(2)).join(' ')),
    })
  } finally {
    await server.stop()
    await database.drop()
  }
}

/**
 * Open loop at `rate`/s over at most `connections` keep-alive connections (wrk2's model): request
 * i is due at `started + i / rate`; its latency runs from that intended time, not from when a free
 * connection let it go, so a server that stalls is charged for every request it kept waiting
 * (no coordinated omission). Bodies are serialized before the clock starts. A request unanswered
 * `timeoutMs` after its intended time counts as an error (status 0) at that latency. Also reports
 * the generator's own CPU share and how late it dispatched (its event loop), so a saturated client
 * shows in the figures instead of hiding in them.
 */
async function offer(messages: readonly unknown[], rate: number, url: string, { connections = 256, timeoutMs = 30_000 } = {}) {
  const target = new URL(url)
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections })
  const bodies = messages.map((m) => Buffer.from(JSON.stringify(m)))
  const answers: Array<{ ms: number; status: number }> = []
  const dispatchLag: number[] = []
  const cpuBefore = process.cpuUsage()
  const started = performance.now()
  const due = (i: number) => started + (i * 1000) / rate
  await new Promise<void>((resolve) => {
    let sent = 0
    let done = 0
    const finish = (intended: number, status: number) => {
      answers.push({ ms: performance.now() - intended, status })
      if (++done === bodies.length) resolve()
    }
    const send = (i: number) => {
      const intended = due(i)
      dispatchLag.push(performance.now() - intended)
      let settled = false
      const settle = (status: number) => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        finish(intended, status)
      }
      const req = http.request(
        { agent, host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': bodies[i]!.length } },
        (res) => {
          res.resume()
          res.once('end', () => settle(res.statusCode ?? 0))
          res.once('error', () => settle(0))
        },
      )
      const timer = setTimeout(() => (settle(0), req.destroy()), Math.max(1, intended + timeoutMs - performance.now()))
      req.once('error', () => settle(0))
      req.end(bodies[i])
    }
    const tick = () => {
      const now = performance.now()
      while (sent < bodies.length && due(sent) <= now) send(sent++)
      if (sent < bodies.length) setTimeout(tick, Math.max(0, Math.min(5, due(sent) - performance.now())))
    }
    tick()
  })
  const wall = (performance.now() - started) / 1000
  const cpu = process.cpuUsage(cpuBefore)
  agent.destroy()
  const seconds = messages.length / rate
  const all = answers.map((a) => a.ms).sort((a, b) => a - b)
  dispatchLag.sort((a, b) => a - b)
  const pctOf = (xs: number[], p: number) => Number((xs[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? NaN).toFixed(1))
  const count = (test: (status: number) => boolean) => answers.filter((a) => test(a.status)).length
  const ok = answers.filter((a) => a.status >= 200 && a.status < 300).map((a) => a.ms).sort((a, b) => a - b)
  const shed = answers.filter((a) => a.status === 429).map((a) => a.ms).sort((a, b) => a - b)
  return {
    offeredPerSecond: rate,
    seconds,
    requests: messages.length,
    p50Ms: pctOf(all, 0.5),
    p99Ms: pctOf(all, 0.99),
    okPerSecond: Math.round(count((s) => s >= 200 && s < 300) / seconds),
    shed429: count((s) => s === 429),
    otherErrors: count((s) => s !== 429 && (s < 200 || s >= 300)),
    okP50Ms: pctOf(ok, 0.5),
    okP99Ms: pctOf(ok, 0.99),
    shedP99Ms: pctOf(shed, 0.99),
    // the generator itself: its CPU over the run (1 = one core) and its dispatch lag behind schedule
    clientCpuShare: Number(((cpu.user + cpu.system) / 1e6 / wall).toFixed(2)),
    clientDispatchLagP99Ms: pctOf(dispatchLag, 0.99),
  }
}

async function overload(appDir: string, database: 'postgres' | 'pglite', seconds: number, rates: readonly number[]) {
  const { startAnvil } = await import('@/lib/chain/anvil')
  const { createChainClients } = await import('@/lib/chain/clients')
  const { deployDemoContracts } = await import('@/lib/chain/deploy-demo')
  const { devAccounts } = await import('@/lib/chain/dev-accounts')
  const { signVote } = await import('@/tests/intake/support/fixtures')
  const anvil = await startAnvil()
  let db: { url: string; sql: import('@/lib/db/types').SqlQueryable; drop: () => Promise<void> }
  if (database === 'pglite') {
    const { servePglite } = await import('@/lib/db/pglite-server')
    const { createDatabase } = await import('@/lib/db/create-database')
    const { applyMigrations } = await import('@/lib/db/migrate')
    const served = await servePglite({ dataDir: 'memory://', maxConnections: 32 })
    const local = createDatabase({ kind: 'postgres', url: served.url, poolSize: 2 })
    await applyMigrations(local.adapterFactory)
    db = { url: served.url, sql: local.sql, drop: async () => (await local.close(), await served.close()) }
  } else {
    const test = await createTestDatabase()
    db = { url: test.url!, sql: test.sql, drop: test.drop }
  }
  const clients = createChainClients({ rpcUrl: anvil.rpcUrl, chainId: anvil.chainId, account: devAccounts[0].privateKey })
  const demo = await deployDemoContracts(clients, { holder: devAccounts[0].address })
  const total = rates.reduce((sum, rate) => sum + rate * seconds, 0) + 100 * 10 + 100 + 600
  const t0 = Math.floor(Date.now() / 1000) - total - 10
  // every vote's signed timestamp (t0 + i, one second apart) must fall inside the proposal's window
  const startAt = new Date((t0 - 60) * 1000)
  const proposals = await seedProposals(db.sql, { chainId: anvil.chainId, token: demo.token, snapshotBlock: demo.blockNumber, proposals: 3, startAt })
  const voters = devAccounts.slice(0, 5).map((a) => ({ privateKey: a.privateKey, address: a.address.toLowerCase() }))
  const targets = proposals.map((proposalId) => ({ proposalId, chainId: anvil.chainId, token: demo.token.toLowerCase() }))
  const votes: unknown[] = []
  for (let i = 0; i < total; i++) votes.push(await signVote(voters[i % 5]!, targets[i % 3]!, { choice: 1 + (i % 3), timestamp: t0 + i }))
  const env = { DATABASE_URL: db.url, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', RPC_URL: anvil.rpcUrl, CHAIN_ID: String(anvil.chainId) }
  const server = await startNext(appDir, env)
  try {
    const post = (body: unknown) => fetch(`${server.url}/api/votes`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    let at = 0
    const take = (n: number) => votes.slice(at, (at += n))
    for (const vote of take(100)) await post(vote).then((r) => r.arrayBuffer()) // warm-up: workers, routes, caches
    // and 3 s at 200/s open loop (not counted): the JIT and the pools warm before the first figure
    await offer(take(600), 200, `${server.url}/api/votes`)
    await new Promise((resolve) => setTimeout(resolve, 2_000))
    const single = []
    for (const rate of rates) {
      const cpuBefore = server.cpuSeconds()
      const run = await offer(take(rate * seconds), rate, `${server.url}/api/votes`)
      // the web server's CPU per second of the run (1 = one core), beside the answers it gave
      single.push({ ...run, serverCpuShare: Number(((server.cpuSeconds() - cpuBefore) / run.seconds).toFixed(2)), loadAverage: loadavg()[0]!.toFixed(2) })
      await new Promise((resolve) => setTimeout(resolve, 3_000))
    }
    // honest votes at 100/s beside one NUL vote re-posted at 100/s
    const honest = take(100 * 10)
    const poison = await signVote(voters[0]!, targets[0]!, { reason: 'nul \u0000 here' })
    const [honestRun, poisonRun] = await Promise.all([offer(honest, 100, `${server.url}/api/votes`), offer(Array(honest.length).fill(poison), 100, `${server.url}/api/votes`)])
    print({
      database,
      server: options.server,
      single,
      // a 429 is load shed (retry later, nothing lost), not a message failed by the poison: counted apart
      poison: { honest: honestRun.requests, honestFailures: honestRun.otherErrors, honestFailureShare: honestRun.otherErrors / honestRun.requests, honestShed429: honestRun.shed429, poisonAnswered4xx: poisonRun.otherErrors },
    })
  } finally {
    await server.stop()
    await db.drop()
    await anvil.stop()
  }
}

if (kind === 'overload') await overload(path.resolve(args[0] ?? '.'), args[1] === 'pglite' ? 'pglite' : 'postgres', Number(args[2] ?? 20), (args[3] ?? '300,1000,2000').split(',').map(Number))
else if (kind === 'writer') await writer(Number(args[0] ?? 1_000_000), Number(args[1] ?? 2), (args[2] ?? 'log') as WriterMode, Number(args[3] ?? 1_000))
else if (kind === 'per-message') await writer(Number(args[0] ?? 20_000), Number(args[1] ?? 2), 'per-message')
else if (kind === 'verify') await verify(Number(args[0] ?? 20_000))
else if (kind === 'e2e') await e2e(args[0] === 'plain' ? 'plain' : path.resolve(args[0] ?? '.'), Number(args[1] ?? 50_000), (args[2] ?? '2000,250').split(',').map(Number))
else if (kind === 'e2e-votes') await e2eVotes(args[0] === 'plain' ? 'plain' : path.resolve(args[0] ?? '.'), Number(args[1] ?? 50_000))
else throw new Error(`unknown case ${kind}`)
process.exit(0)
