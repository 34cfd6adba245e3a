/**
 * Overload under the server `npm start` runs (scripts/start.ts: the overload gate in front of the
 * request handler), here with the intake's own handlers and engine in the gated test server
 * (support/intake-server.ts `gated`), on a real Postgres and anvil. The overload is injected: a 5 s
 * flush window holds the admitted votes in the engine, so a burst of concurrent POSTs finds the
 * limit reached. No wall-clock assertions: statuses, headers, counts, the order answers arrive in.
 */
import { Agent, request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAnvil, type StartAnvilReturnType } from '@/lib/chain/anvil'
import { createChainClients } from '@/lib/chain/clients'
import { deployDemoContracts } from '@/lib/chain/deploy-demo'
import { devAccounts } from '@/lib/chain/dev-accounts'
import { env } from '@/lib/env'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { countIndexedVotes, seedProposals, signVote, type TestKey, type VoteTarget } from './support/fixtures'
import { startIntakeServer } from './support/start-intake-server'

type Answer = { status: number; retryAfter?: string; body: { id?: string; error?: { code: string; details?: { retryAfter?: number } } } }

/** POST over `agent` (one connection per request in flight, as many clients would). */
function post(url: string, agent: Agent, body: unknown): Promise<Answer> {
  const payload = JSON.stringify(body)
  return new Promise((resolve, reject) => {
    const target = new URL(url)
    const req = request({ agent, host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (text += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] as string | undefined, body: JSON.parse(text) as Answer['body'] }))
    })
    req.on('error', reject)
    req.end(payload)
  })
}

describe.skipIf(!env.TEST_DATABASE_URL)('overload: the front gate sheds fast, admitted votes complete, nothing acknowledged is lost', () => {
  let database: TestDatabase
  let anvil: StartAnvilReturnType
  let target: VoteTarget
  const voters: TestKey[] = devAccounts.slice(1, 5).map((a) => ({ privateKey: a.privateKey, address: a.address.toLowerCase() }))

  beforeAll(async () => {
    ;[database, anvil] = await Promise.all([createTestDatabase(), startAnvil()])
    const clients = createChainClients({ rpcUrl: anvil.rpcUrl, chainId: anvil.chainId, account: devAccounts[0].privateKey })
    const demo = await deployDemoContracts(clients, { holder: devAccounts[0].address })
    const [proposalId] = await seedProposals(database.sql, { chainId: anvil.chainId, token: demo.token, snapshotBlock: demo.blockNumber })
    target = { proposalId: proposalId!, chainId: anvil.chainId, token: demo.token.toLowerCase() }
  })

  afterAll(async () => {
    await database?.drop()
    await anvil?.stop()
  })

  const serverEnv = () => ({ DATABASE_URL: database.url!, RPC_URL: anvil.rpcUrl, CHAIN_ID: String(anvil.chainId), INTAKE_WORKERS: '1', INTAKE_MAX_IN_FLIGHT: '4', INTAKE_FLUSH_MS: '5000' })

  it('40 concurrent votes with 4 admitted: 36 answered 429 + Retry-After before any admitted one, which then complete; each shed vote retried later is accepted; every acknowledged vote has its receipt', async () => {
    const t = Math.floor(Date.now() / 1000) - 100
    const votes = await Promise.all(Array.from({ length: 40 }, (_, i) => signVote(voters[i % 4]!, target, { choice: 1 + (i % 3), timestamp: t + i })))
    const server = await startIntakeServer(serverEnv(), { gated: true })
    const agent = new Agent({ keepAlive: true, maxSockets: 64 })
    try {
      const order: number[] = []
      const answers = await Promise.all(votes.map((vote) => post(`${server.url}/api/votes`, agent, vote).then((answer) => (order.push(answer.status), answer))))
      const statuses = answers.map((a) => a.status)
      expect(statuses.filter((s) => s === 200).length, server.output()).toBe(4)
      expect(statuses.filter((s) => s === 429).length).toBe(36)
      for (const answer of answers.filter((a) => a.status === 429)) {
        expect(answer.retryAfter).toBe('1')
        expect(answer.body.error).toMatchObject({ code: 'overloaded', details: { retryAfter: 1 } })
      }
      // shed at once, not queued behind the admitted votes held in the engine's flush window
      expect(order).toEqual([...Array(36).fill(429), ...Array(4).fill(200)])
      const health = (await (await fetch(`${server.url}/health`)).json()) as { gate: { intake: { maxSeen: number; shed: number; admitted: number } } }
      expect(health.gate.intake).toMatchObject({ maxSeen: 4, shed: 36, admitted: 4 })

      // the clients retry after Retry-After; here against the same database once the overload is
      // over (a fresh server with the default limit and flush): every shed vote is acknowledged
      await server.stop()
      const after = await startIntakeServer({ ...serverEnv(), INTAKE_MAX_IN_FLIGHT: '64', INTAKE_FLUSH_MS: '10' }, { gated: true })
      try {
        const shed = votes.filter((_, i) => answers[i]!.status === 429)
        const retried = await Promise.all(shed.map((vote) => post(`${after.url}/api/votes`, agent, vote)))
        expect(retried.map((a) => a.status)).toEqual(Array(36).fill(200))
      } finally {
        await after.stop()
      }
      expect(await countIndexedVotes(database.sql, votes.map((v) => v.id))).toBe(40)
    } finally {
      agent.destroy()
      await server.stop()
    }
  })

  it('SIGTERM with votes in flight: each gets 200 after its batch committed, the server exits 0, the votes are stored', async () => {
    const t = Math.floor(Date.now() / 1000) - 50
    const votes = await Promise.all(Array.from({ length: 3 }, (_, i) => signVote(voters[i]!, target, { choice: 2, timestamp: t + i })))
    const server = await startIntakeServer(serverEnv(), { gated: true })
    const agent = new Agent({ keepAlive: true, maxSockets: 8 })
    try {
      const inFlight = votes.map((vote) => post(`${server.url}/api/votes`, agent, vote))
      await expect
        .poll(async () => ((await (await fetch(`${server.url}/health`)).json()) as { gate: { intake: { inFlight: number } } }).gate.intake.inFlight, { timeout: 30_000 })
        .toBe(3)
      const exited = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)))
      server.child.kill('SIGTERM')
      const answers = await Promise.all(inFlight)
      expect(answers.map((a) => a.status), server.output()).toEqual([200, 200, 200])
      expect(answers.map((a) => a.body.id)).toEqual(votes.map((v) => v.id))
      expect(await exited).toBe(0)
      expect(await countIndexedVotes(database.sql, votes.map((v) => v.id))).toBe(3)
    } finally {
      agent.destroy()
      await server.stop()
    }
  })
})
