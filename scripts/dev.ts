/**
 * `npm run dev`: the whole of Arbor on one machine with no configuration.
 *
 *   database  DATABASE_URL, or embedded PGlite in .arbor/pgdata served on a local port
 *   chain     RPC_URL, or anvil on 127.0.0.1:8545 with its state kept in .arbor/anvil-state.json
 *   contracts deployed once, demo data seeded once; re-runs reuse both
 *   web       `next dev` on :3000 (`--prod`: `next start` over an existing `next build`)
 *
 * Flags: --fresh (start clean), --prod, --port N, --rpc-port N. Ctrl-C stops every child.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { startAnvil } from '../lib/chain/anvil'
import { createChainClients } from '../lib/chain/clients'
import { devAccounts } from '../lib/chain/dev-accounts'
import { startLocalDatabase, type LocalDatabase } from '../lib/db/local-database'
import { ensureDemo } from '../lib/demo/ensure-demo'
import { childProcessEnv, env, LOCAL_RPC_URL } from '../lib/env'

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

async function stop(code: number) {
  if (stopping) return
  stopping = true
  if (next && next.exitCode === null) {
    next.kill('SIGTERM')
    await new Promise((resolve) => next!.once('exit', resolve))
  }
  for (const cleanup of cleanups.reverse()) await cleanup().catch((error) => log(`cleanup failed: ${error}`))
  process.exit(code)
}

async function main() {
  await assertPortFree(webPort, 'the web app')
  if (flags.fresh && existsSync(dataDir)) {
    await rm(dataDir, { recursive: true, force: true })
    log(`--fresh: removed ${path.relative(process.cwd(), dataDir) || dataDir}`)
  }
  const reused = existsSync(dataDir)
  await mkdir(dataDir, { recursive: true })

  const database: LocalDatabase = await startLocalDatabase({ url: env.DATABASE_URL, dataDir })
  cleanups.push(() => database.stop())
  log(`database: ${database.description}`)

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
  const demo = await ensureDemo(database.db, clients, { rpcUrl, log })
  log(demo.created ? 'demo: contracts deployed and demo data seeded' : `demo: reusing ${reused ? 'the data in .arbor/' : 'existing data'}`)
  if (demo.analyzed > 0) log(`demo: the analyst reviewed ${demo.analyzed} proposal${demo.analyzed === 1 ? '' : 's'}`)

  // With no ADMIN_ADDRESSES on the local anvil, its account #0 is the admin, so /admin works with
  // zero configuration. Never on another chain: that key is public.
  const devAdmin = env.ADMIN_ADDRESSES.length === 0 && env.RPC_URL === undefined
  const admins = devAdmin ? [devAccounts[0]!.address.toLowerCase()] : env.ADMIN_ADDRESSES
  const nextBin = createRequire(import.meta.url).resolve('next/dist/bin/next')
  const args = flags.prod ? ['start', '-p', String(webPort)] : ['dev', '-p', String(webPort)]
  next = spawn(process.execPath, [nextBin, ...args], {
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
    }),
  })
  next.once('exit', (code) => {
    if (!stopping) {
      log(`next exited with code ${code}`)
      void stop(code ?? 1)
    }
  })

  await waitForWeb(`http://127.0.0.1:${webPort}/`)
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

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stop(0))
main().catch((error) => {
  log(error instanceof Error ? error.message : String(error))
  if (error instanceof Error && error.cause) log(`cause: ${String(error.cause)}`)
  void stop(1)
})
