// The SIGTERM check under the production server (npm start). It starts its own server on a free
// port (the suite's web server, dev.ts --prod, serves the same scripts/start.ts).
import { spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { expect, test } from '@playwright/test'
import { createChainClients } from '../../lib/chain/clients'
import { deployDemoContracts } from '../../lib/chain/deploy-demo'
import { devAccounts } from '../../lib/chain/dev-accounts'
import { createDatabase } from '../../lib/db/create-database'
import { applyMigrations } from '../../lib/db/migrate'
import { materializeVotes } from '../../lib/intake/materialize-votes'
import { servePglite } from '../../lib/db/pglite-server'
import { childProcessEnv } from '../../lib/env'
import { startServerArgs } from '../../scripts/start-args'
import { countIndexedVotes, seedProposals, signVote } from '../intake/support/fixtures'
import { rpcUrl } from './ports'

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

// SIGTERM to `npm start` (scripts/start.ts) while votes are in flight: each request in flight gets its answer, and
// every vote acknowledged 200 is in the intake log afterwards (instrumentation.ts closes the engine,
// the gated server answers the requests in flight before it exits).
test('SIGTERM under npm start: requests in flight are answered, nothing acknowledged is lost', async () => {
  test.setTimeout(240_000)
  const pglite = await servePglite({ dataDir: 'memory://', maxConnections: 16 })
  const database = createDatabase({ kind: 'postgres', url: pglite.url, poolSize: 2 })
  try {
    await applyMigrations(database.adapterFactory)
    const clients = createChainClients({ rpcUrl, chainId: 31337, account: devAccounts[0].privateKey })
    const demo = await deployDemoContracts(clients, { holder: devAccounts[0].address })
    const [proposalId] = await seedProposals(database.sql, { chainId: 31337, token: demo.token, snapshotBlock: demo.blockNumber })
    const target = { proposalId: proposalId!, chainId: 31337, token: demo.token.toLowerCase() }
    const voters = devAccounts.slice(1, 5).map((a) => ({ privateKey: a.privateKey, address: a.address.toLowerCase() }))
    const t = Math.floor(Date.now() / 1000) - 100
    const votes = await Promise.all(Array.from({ length: 40 }, (_, i) => signVote(voters[i % 4]!, target, { choice: 1 + (i % 3), timestamp: t + i })))

    const port = await freePort()
    let output = ''
    // the production server as `npm start` runs it: Next behind the overload gate (scripts/start.ts)
    const server = spawn(process.execPath, [...startServerArgs(), '-p', String(port), '-H', '127.0.0.1'], {
      // a long flush window keeps the votes in flight when SIGTERM arrives
      env: childProcessEnv({ DATABASE_URL: pglite.url, RPC_URL: rpcUrl, CHAIN_ID: '31337', NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', INTAKE_FLUSH_MS: '5000', INTAKE_WORKERS: '1' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    server.stdout!.on('data', (chunk) => (output += chunk))
    server.stderr!.on('data', (chunk) => (output += chunk))
    const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)))
    const url = `http://127.0.0.1:${port}`
    try {
      await expect.poll(() => fetch(`${url}/api/receipts/0x${'00'.repeat(32)}`).then((r) => r.status, () => 0), { timeout: 60_000 }).toBe(404)
      const post = (body: unknown) =>
        fetch(`${url}/api/votes`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(
          async (response) => ({ status: response.status, at: Date.now(), body: (await response.json()) as { id?: string } }),
          (error: Error) => ({ status: 0, at: Date.now(), body: { error: error.message } as { id?: string } }),
        )
      // warm: the engine and its worker exist before the signal
      expect((await post(votes[0])).status).toBe(200)
      const inFlight = votes.slice(1).map((vote) => post(vote))
      // all of them reach the server and wait in the engine's 5 s flush window
      await new Promise((resolve) => setTimeout(resolve, 2_500))
      const signalled = Date.now()
      server.kill('SIGTERM')
      const answers = await Promise.all(inFlight)
      expect(await Promise.race([exited, new Promise((resolve) => setTimeout(() => resolve('still running'), 30_000))])).not.toBe('still running')

      // every request got an answer: 200 after its batch committed, or (one that reached the
      // engine after it closed) 429 to retry; the ones waiting in the flush window were answered
      // 200 after the signal
      expect(answers.filter((a) => a.status !== 200 && a.status !== 429)).toEqual([])
      expect(answers.filter((a) => a.status === 200 && a.at >= signalled).length).toBeGreaterThan(0)
      const acknowledged = answers.filter((a) => a.status === 200).map((a) => a.body.id!)
      // votes are answered at COMMIT (the default ack): the id lookup is derived from the log, as a reader derives it
      await materializeVotes(database.sql, { proposalId: target.proposalId })
      expect(await countIndexedVotes(database.sql, acknowledged), output).toBe(acknowledged.length)
    } finally {
      if (server.exitCode === null && server.signalCode === null) server.kill('SIGKILL')
    }
  } finally {
    await database.close()
    await pglite.close()
  }
})
