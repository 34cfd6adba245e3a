import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { env } from '@/lib/env'
import { buildBatchTree } from '@/lib/intake/batch-tree'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { createTestKeys, seedCampaign, signClaim, type TestCampaign } from './support/fixtures'
import { startIntakeServer, type IntakeServer } from './support/start-intake-server'

const CLAIMS = 3_000
const PER_REQUEST = 20
const CLIENTS = 8

describe.skipIf(!env.TEST_DATABASE_URL)('SIGKILL during sustained intake', () => {
  let database: TestDatabase
  const servers: IntakeServer[] = []
  let campaigns: TestCampaign[]
  let claims: Array<Awaited<ReturnType<typeof signClaim>>>

  beforeAll(async () => {
    database = await createTestDatabase()
    // three campaigns: three shards writing concurrently
    campaigns = []
    for (let i = 0; i < 3; i++) campaigns.push(await seedCampaign(database.sql, { chainId: 31337, keys: await createTestKeys(CLAIMS / 3) }))
    claims = []
    for (const campaign of campaigns) for (const a of campaign.allocations) claims.push(await signClaim(campaign, a, campaign.proofOf(a.index)))
    // interleave shards
    claims.sort((x, y) => (x.id < y.id ? -1 : 1))
  })

  afterAll(async () => {
    for (const server of servers) await server.stop()
    await database?.drop()
  })

  const serverEnv = () => ({ DATABASE_URL: database.url!, RPC_URL: 'http://127.0.0.1:9', CHAIN_ID: '31337', INTAKE_WORKERS: '1' })

  it('every acknowledged message is in the database with its batch; the rest can be resubmitted', async () => {
    const server = await startIntakeServer(serverEnv())
    servers.push(server)
    const acknowledged = new Set<string>()
    let next = 0
    let killed = false
    const statuses: number[] = []
    let loadDone = false
    const client = async () => {
      while (!killed && next < claims.length) {
        const chunk = claims.slice(next, next + PER_REQUEST)
        next += PER_REQUEST
        try {
          const response = await fetch(`${server.url}/api/claims`, { method: 'POST', body: JSON.stringify(chunk) })
          const body = (await response.json()) as { results: Array<{ httpStatus: number; id?: string }> }
          statuses.push(response.status)
          for (const result of body.results ?? []) if (result.httpStatus === 200) acknowledged.add(result.id!)
        } catch {
          // the server died mid-request: these were never acknowledged
        }
      }
    }
    const load = Promise.all(Array.from({ length: CLIENTS }, client)).finally(() => (loadDone = true))
    while (acknowledged.size < 800 && !loadDone) await new Promise((resolve) => setTimeout(resolve, 20))
    expect(loadDone, `statuses so far: ${[...new Set(statuses)]}; ${server.output().slice(-2000)}`).toBe(false)
    const exited = new Promise((resolve) => server.child.once('exit', resolve))
    server.child.kill('SIGKILL')
    killed = true
    await Promise.all([load, exited])
    expect(server.child.signalCode).toBe('SIGKILL')
    expect(next).toBeLessThan(claims.length) // killed mid-stream, not after the end

    const { rows } = await database.sql.query<{ id: string; batch_id: number; root: string; count: number; claim: string | null }>(
      `SELECT '0x' || encode(m.id, 'hex') AS id, m.batch_id, b.root, b.count, c.message_id AS claim
       FROM intake_messages m JOIN batches b ON b.id = m.batch_id LEFT JOIN claims c ON c.message_id = '0x' || encode(m.id, 'hex')`,
    )
    const stored = new Map(rows.map((row) => [row.id, row]))
    const missing = [...acknowledged].filter((id) => !stored.get(id)?.claim)
    expect(missing).toEqual([])
    // every committed batch is whole: its count, its root, its tree and its logged messages match its members
    const byBatch = new Map<number, string[]>()
    for (const row of rows) byBatch.set(row.batch_id, [...(byBatch.get(row.batch_id) ?? []), row.id])
    const { rows: batches } = await database.sql.query<{ id: number; tree: Buffer; messages: string }>('SELECT id, tree, messages FROM batches')
    expect(batches.map((batch) => batch.id).sort()).toEqual([...byBatch.keys()].sort())
    for (const [batchId, ids] of byBatch) {
      const row = rows.find((r) => r.batch_id === batchId)!
      const batch = batches.find((b) => b.id === batchId)!
      expect(ids.length).toBe(row.count)
      const tree = buildBatchTree(ids)
      expect(tree.root).toBe(row.root)
      expect(batch.tree.equals(tree.nodes)).toBe(true)
      expect(JSON.parse(batch.messages)).toHaveLength(ids.length)
    }

    // a new server takes everything again: acknowledged ones answer with their receipts, the rest are written
    const again = await startIntakeServer(serverEnv())
    servers.push(again)
    const resubmitted = new Map<number, number>()
    for (let i = 0; i < claims.length; i += 500) {
      const response = await fetch(`${again.url}/api/claims`, { method: 'POST', body: JSON.stringify(claims.slice(i, i + 500)) })
      resubmitted.set(response.status, (resubmitted.get(response.status) ?? 0) + 1)
    }
    expect([...resubmitted.keys()]).toEqual([200])
    const { rows: [count] } = await database.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM claims')
    expect(count!.n).toBe(claims.length)
  })
})
