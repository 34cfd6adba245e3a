/**
 * `npm run dev`: the whole of Arbor on one machine with no configuration.
 *
 *   database  DATABASE_URL, or embedded PGlite in .arbor/pgdata served on a local port
 *   chain     RPC_URL, or anvil on 127.0.0.1:8545 with its state kept in .arbor/anvil-state.json
 *   contracts deployed once, demo data seeded once; re-runs reuse both
 *   web       `next dev` on :3000 (`--prod`: the existing `next build` served as `npm start` serves it,
 *             scripts/start.ts: Next behind the overload gate)
 *
 * Flags: --fresh (start clean), --prod, --port N, --rpc-port N. Ctrl-C stops every child.
 *
 * Supervision: if the web app dies (its process exits, or its port stops answering), the whole
 * stack stops with a message saying so. A second Ctrl-C (or SIGTERM) while stopping kills what is
 * left at once. `<data dir>/dev.lock` names the running stack: a second one on the same data
 * directory refuses to start and names it.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { mkdir, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { connect, createServer } from 'node:net'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { startAnvil } from '../lib/chain/anvil'
import { createChainClients } from '../lib/chain/clients'
import { devAccounts } from '../lib/chain/dev-accounts'
import { startLocalDatabase, type LocalDatabase } from '../lib/db/local-database'
import { ensureDemo } from '../lib/demo/ensure-demo'
import { childProcessEnv, env, LOCAL_RPC_URL } from '../lib/env'
import { startServerArgs } from './start-args'

const { values: flags } = parseArgs({
  options: {
    fresh: { type: 'boolean', default: false },
    prod: { type: 'boolean', default: false },
    port: { type: 'string', default: '3000' },
    'rpc-port': { type: 'string', default: new URL(LOCAL_RPC_URL).port },
  },
})

const webPort = Number(flags.port)
const rpcPort = Number(flags['rpc-port'])
const dataDir = path.resolve(env.ARBOR_DATA_DIR)
const cleanups: Array<() => Promise<void>> = []
let next: ChildProcess | undefined
let stopping = false
let lockHeld = false
const lockPath = path.join(dataDir, 'dev.lock')

/** `databaseUrl`: the stack's database (its PGlite socket), written once it is up, so e2e specs can set up rows the UI cannot (a settled result). */
type Lock = { pid: number; webPort: number; rpcPort: number; startedAt: string; cwd: string; databaseUrl?: string }

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Refuses when another live stack holds the data directory; names it. */
function assertDataDirFree() {
  if (!existsSync(lockPath)) return
  let lock: Lock | undefined
  try {
    lock = JSON.parse(readFileSync(lockPath, 'utf8')) as Lock
  } catch {
    return // unreadable: a stack that died while writing it
  }
  if (lock && lock.pid !== process.pid && alive(lock.pid)) {
    throw new Error(
      `Another Arbor stack (pid ${lock.pid}, web http://localhost:${lock.webPort}, chain port ${lock.rpcPort}, started ${lock.startedAt} in ${lock.cwd}) ` +
        `is using ${dataDir}. Stop it first (Ctrl-C in its terminal, or kill ${lock.pid}), or give this one another ARBOR_DATA_DIR.`,
    )
  }
}

function takeLock(extra: Pick<Lock, 'databaseUrl'> = {}) {
  if (!lockHeld) assertDataDirFree()
  const lock: Lock = { pid: process.pid, webPort, rpcPort, startedAt: new Date().toISOString(), cwd: process.cwd(), ...extra }
  writeFileSync(lockPath, `${JSON.stringify(lock)}\n`)
  lockHeld = true
}

function releaseLock() {
  if (!lockHeld) return
  lockHeld = false
  try {
    if ((JSON.parse(readFileSync(lockPath, 'utf8')) as Lock).pid === process.pid) rmSync(lockPath, { force: true })
  } catch {
    // already gone
  }
}

function log(line: string) {
  process.stderr.write(`[arbor] ${line}\n`)
}

async function assertPortFree(port: number, what: string) {
  await new Promise<void>((resolve, reject) => {
    const server = createServer()
    server.once('error', () => reject(new Error(`Port ${port} is in use; ${what} needs it (stop the other process or pass another port).`)))
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()))
  })
}

/** Waits until Next answers the landing page, so the block below is printed when it is true (in dev, this compiles it). */
async function waitForWeb(url: string, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const status = await fetch(url).then((response) => response.status, () => undefined)
    if (status !== undefined && status < 500) return
    if (next?.exitCode !== null || Date.now() > deadline) {
      throw new Error(`The web app did not come up on ${url}${status ? ` (last status ${status})` : ''}.`)
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

const running = (child: ChildProcess | undefined): child is ChildProcess => !!child && child.exitCode === null && child.signalCode === null

/** Signals the web app's whole process group (next and the next-server it forks). */
function signalWeb(signal: NodeJS.Signals) {
  if (!next?.pid) return
  try {
    process.kill(-next.pid, signal)
  } catch {
    // the group is gone
  }
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.setTimeout(2_000, () => (socket.destroy(), resolve(true))) // slow (compiling) is not dead
    socket.once('connect', () => (socket.destroy(), resolve(true)))
    socket.once('error', () => resolve(false))
  })
}

/** Stops the web app, then the chain and the database; never waits forever. */
async function stop(code: number) {
  if (stopping) return
  stopping = true
  const force = setTimeout(() => {
    log('the stack did not stop within 20 s; killing what is left')
    signalWeb('SIGKILL')
    releaseLock()
    process.exit(code || 1)
  }, 20_000)
  force.unref()
  if (running(next)) {
    const exited = new Promise((resolve) => next!.once('exit', resolve))
    signalWeb('SIGTERM')
    const timer = setTimeout(() => signalWeb('SIGKILL'), 8_000)
    await exited
    clearTimeout(timer)
  }
  signalWeb('SIGKILL') // a next-server left behind by its parent
  for (const cleanup of cleanups.reverse()) await cleanup().catch((error) => log(`cleanup failed: ${error}`))
  releaseLock()
  process.exit(code)
}

/** After startup: the web app must keep answering on its port; three refused checks in a row stop the stack. */
function superviseWeb(port: number) {
  let refused = 0
  const timer = setInterval(async () => {
    if (stopping) return clearInterval(timer)
    refused = (await portAnswers(port)) ? 0 : refused + 1
    if (refused >= 3 && !stopping) {
      clearInterval(timer)
      log(`the web app stopped answering on port ${port} (its server process died); stopping the stack. Run npm run dev again to restart.`)
      void stop(1)
    }
  }, 1_000)
  timer.unref()
}

async function main() {
  assertDataDirFree()
  await assertPortFree(webPort, 'the web app')
  if (flags.fresh && existsSync(dataDir)) {
    await rm(dataDir, { recursive: true, force: true })
    log(`--fresh: removed ${path.relative(process.cwd(), dataDir) || dataDir}`)
  }
  const reused = existsSync(dataDir)
  await mkdir(dataDir, { recursive: true })
  takeLock()

  const database: LocalDatabase = await startLocalDatabase({ url: env.DATABASE_URL, dataDir })
  cleanups.push(() => database.stop())
  log(`database: ${database.description}`)
  takeLock({ databaseUrl: database.url })

  let rpcUrl = env.RPC_URL
  if (rpcUrl === undefined) {
    await assertPortFree(rpcPort, 'the local chain (anvil)')
    const anvil = await startAnvil({
      host: '127.0.0.1',
      port: rpcPort,
      chainId: env.CHAIN_ID,
      stateFile: path.join(dataDir, 'anvil-state.json'),
    })
    cleanups.push(() => anvil.stop())
    rpcUrl = anvil.rpcUrl
    log(`chain: anvil on ${rpcUrl} (chain ${env.CHAIN_ID})`)
  } else {
    log(`chain: ${rpcUrl} (RPC_URL)`)
  }

  const clients = createChainClients({ rpcUrl, chainId: env.CHAIN_ID, account: devAccounts[0]!.privateKey })
  const demo = await ensureDemo(database.db, clients, { sql: database.sql, rpcUrl, log })
  log(demo.created ? 'demo: contracts deployed and demo data seeded' : `demo: reusing ${reused ? 'the data in .arbor/' : 'existing data'}`)
  if (demo.analyzed > 0) log(`demo: the analyst reviewed ${demo.analyzed} proposal${demo.analyzed === 1 ? '' : 's'}`)

  // With no ADMIN_ADDRESSES on the local anvil, its account #0 is the admin, so /admin works with
  // zero configuration. Never on another chain: that key is public.
  const devAdmin = env.ADMIN_ADDRESSES.length === 0 && env.RPC_URL === undefined
  const admins = devAdmin ? [devAccounts[0]!.address.toLowerCase()] : env.ADMIN_ADDRESSES
  const nextBin = createRequire(import.meta.url).resolve('next/dist/bin/next')
  // --prod serves the build as `npm start` does: Next behind the overload gate (scripts/start.ts)
  const args = flags.prod ? [...startServerArgs(), '-p', String(webPort)] : [nextBin, 'dev', '-p', String(webPort)]
  next = spawn(process.execPath, args, {
    // its own process group: stop() reaches the next-server it forks too
    detached: true,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: childProcessEnv({
      DATABASE_URL: database.url,
      RPC_URL: rpcUrl,
      CHAIN_ID: String(env.CHAIN_ID),
      NEXT_PUBLIC_RPC_URL: rpcUrl,
      NEXT_PUBLIC_CHAIN_ID: String(env.CHAIN_ID),
      // The demo's registry, with the dev account that holds its settler role (unless configured).
      SETTLEMENT_ADDRESS: env.SETTLEMENT_ADDRESS ?? demo.settlement,
      SETTLER_PRIVATE_KEY: env.SETTLER_PRIVATE_KEY ?? devAccounts[0]!.privateKey,
      // Pays for relayed gasless claims (lib/airdrop/get-relayer-clients.ts picks the same default).
      RELAYER_PRIVATE_KEY: env.RELAYER_PRIVATE_KEY ?? devAccounts[0]!.privateKey,
      ADMIN_ADDRESSES: admins.join(','),
      // Signs admin sign-in nonces; a fresh key per run (an unused nonce does not survive a restart).
      SESSION_SECRET: env.SESSION_SECRET ?? randomBytes(32).toString('hex'),
      // The local dev stack: without APP_URL, sign-in takes the request's Host if it is localhost.
      ARBOR_DEV_STACK: '1',
      // Next would otherwise phone home; Arbor makes no calls it was not asked to.
      NEXT_TELEMETRY_DISABLED: '1',
      ...(flags.prod ? { NODE_ENV: 'production' } : {}),
    }),
  })
  log(`web: ${flags.prod ? 'npm start (next behind the overload gate)' : 'next dev'} (pid ${next.pid}) on port ${webPort}`)
  next.once('exit', (code, signal) => {
    if (!stopping) {
      log(`the web app (next, pid ${next?.pid}) exited ${signal ? `on ${signal}` : `with code ${code}`}; stopping the stack. Run npm run dev again to restart.`)
      void stop(code || 1)
    }
  })

  await waitForWeb(`http://127.0.0.1:${webPort}/`)
  superviseWeb(webPort)
  const accounts = devAccounts
    .slice(0, 3)
    .map((account, i) => `    #${i} ${account.address}\n       key ${account.privateKey}`)
    .join('\n')
  process.stdout.write(
    [
      '',
      '  Arbor is running',
      `    open      http://localhost:${webPort}`,
      `    chain     ${rpcUrl} (chain id ${env.CHAIN_ID})`,
      `    token     ${demo.token}`,
      `    registry  ${demo.settlement} (ArborSettlement)`,
      `    treasury  ${demo.treasury.timelock} (the demo DAO's timelock, 1 h veto window; ArborExecutor ${demo.treasury.executor})`,
      `    guardian  anvil account #9 ${demo.treasury.guardian} (may veto queued proposals)`,
      `    data      ${path.relative(process.cwd(), dataDir) || dataDir}${reused ? ' (reused; --fresh starts clean)' : ''}`,
      devAdmin
        ? `    admin     anvil account #0 ${devAccounts[0]!.address}: sign in at /admin with "local dev account #0"`
        : `    admin     ${admins.length > 0 ? `${admins.join(', ')} (ADMIN_ADDRESSES)` : 'none: set ADMIN_ADDRESSES to sign in at /admin'}`,
      '  Import these anvil accounts into your wallet (test keys, never use them for real funds):',
      accounts,
      '  Ctrl-C stops everything.',
      '',
    ].join('\n') + '\n',
  )
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (!stopping) return void stop(0)
    // asked again while stopping: end now
    log(`${signal} again: killing what is left`)
    signalWeb('SIGKILL')
    releaseLock()
    process.exit(130)
  })
}
main().catch((error) => {
  log(error instanceof Error ? error.message : String(error))
  if (error instanceof Error && error.cause) log(`cause: ${String(error.cause)}`)
  void stop(1)
})
