import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { env } from '@/lib/env'
import { buildBatchTree } from '@/lib/intake/batch-tree'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { countedVotes, materializeVotes } from '@/lib/intake/materialize-votes'
import { loggedVotes } from '@/lib/intake/vote-message'
import { createTestKeys, seedCampaign, seedCampaignPoweredProposals, signClaim, signVote, type TestCampaign } from './support/fixtures'
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

describe.skipIf(!env.TEST_DATABASE_URL)('SIGKILL during sustained vote intake (the vote log)', () => {
  const VOTES = 4_000
  let database: TestDatabase
  const servers: IntakeServer[] = []
  let votes: Array<Awaited<ReturnType<typeof signVote>>>
  let proposalIds: string[]

  beforeAll(async () => {
    database = await createTestDatabase()
    const keys = await createTestKeys(200)
    const seeded = await seedCampaignPoweredProposals(database.sql, { keys, proposals: 3 })
    proposalIds = seeded.proposalIds
    const base = Math.floor(Date.now() / 1000) - 500
    votes = []
    // 200 voters, about 7 votes each per proposal over 400 s of timestamps: re-votes
    for (let i = 0; i < VOTES; i++) votes.push(await signVote(keys[(i * 7919) % keys.length]!, seeded.targets[i % 3]!, { choice: 1 + (Math.floor(i / 3) % 3), timestamp: base + ((i * 31) % 401) }))
    // a few exact duplicates, spread out
    for (let i = 0; i < VOTES; i += 97) votes.splice(i + 50, 0, votes[i]!)
  })

  afterAll(async () => {
    for (const server of servers) await server.stop()
    await database?.drop()
  })

  const serverEnv = () => ({ DATABASE_URL: database.url!, RPC_URL: 'http://127.0.0.1:9', CHAIN_ID: '31337', INTAKE_WORKERS: '1' })

  it('every acknowledged vote is in the log after the kill; the derived counted votes equal the pure function over the log', async () => {
    const server = await startIntakeServer(serverEnv())
    servers.push(server)
    const acknowledged = new Set<string>()
    let next = 0
    let killed = false
    let loadDone = false
    const client = async () => {
      while (!killed && next < votes.length) {
        const chunk = votes.slice(next, next + PER_REQUEST)
        next += PER_REQUEST
        try {
          const response = await fetch(`${server.url}/api/votes`, { method: 'POST', body: JSON.stringify(chunk) })
          const body = (await response.json()) as { results?: Array<{ httpStatus: number; id?: string }> }
          answers.push(JSON.stringify(body).slice(0, 300))
          for (const result of body.results ?? []) if (result.httpStatus === 200) acknowledged.add(result.id!)
        } catch {
          // the server died mid-request: these were never acknowledged
        }
      }
    }
    const answers: string[] = []
    const load = Promise.all(Array.from({ length: CLIENTS }, client)).finally(() => (loadDone = true))
    while (acknowledged.size < 1_000 && !loadDone) await new Promise((resolve) => setTimeout(resolve, 20))
    expect(loadDone, `${answers.slice(0, 2).join('\n')}\n${server.output().slice(-2000)}`).toBe(false)
    const exited = new Promise((resolve) => server.child.once('exit', resolve))
    server.child.kill('SIGKILL')
    killed = true
    await Promise.all([load, exited])
    expect(server.child.signalCode).toBe('SIGKILL')
    expect(next).toBeLessThan(votes.length)

    // every acknowledged vote is in the log, in a whole batch (count, root and tree match its rows)
    const { rows: logged } = await database.sql.query<{ id: string; batch_id: number; node: number }>(
      `SELECT '0x' || encode(message_id, 'hex') AS id, batch_id, node FROM ${loggedVotes('vote_log l')} AS v`,
    )
    const inLog = new Set(logged.map((row) => row.id))
    expect([...acknowledged].filter((id) => !inLog.has(id))).toEqual([])
    const byBatch = new Map<number, string[]>()
    for (const row of logged) byBatch.set(row.batch_id, [...(byBatch.get(row.batch_id) ?? []), row.id])
    const { rows: batches } = await database.sql.query<{ id: number; root: string; count: number; tree: Buffer }>("SELECT id, root, count, tree FROM batches WHERE kind = 'vote'")
    expect(batches.map((b) => b.id).sort()).toEqual([...byBatch.keys()].sort())
    for (const batch of batches) {
      const ids = byBatch.get(batch.id)!
      expect(ids.length).toBe(batch.count)
      const tree = buildBatchTree(ids)
      expect(tree.root).toBe(batch.root)
      expect(batch.tree.equals(tree.nodes)).toBe(true)
    }

    // derived after the restart (what the killed server had not derived yet), equal to the pure function
    await materializeVotes(database.sql)
    const pure = async () => {
      const { rows } = await database.sql.query<{ proposal_id: string; voter: string; id: string; ts: string }>(
        `SELECT proposal_id::text, '0x' || encode(voter, 'hex') AS voter, '0x' || encode(message_id, 'hex') AS id, ts::text FROM ${loggedVotes('vote_log l')} AS v`,
      )
      return countedVotes(rows.map((r) => ({ proposalId: r.proposal_id, voter: r.voter, id: r.id, timestamp: BigInt(r.ts) })))
    }
    const stored = async () => {
      const { rows } = await database.sql.query<{ proposal_id: string; voter: string; message_id: string }>('SELECT proposal_id::text, voter, message_id FROM votes WHERE proposal_id = ANY($1::uuid[])', [proposalIds])
      return new Map(rows.map((row) => [`${row.proposal_id}:${row.voter}`, row.message_id]))
    }
    expect(await stored()).toEqual(await pure())

    // a new server takes everything again: the rest is logged, and the result is still the pure function's
    const again = await startIntakeServer(serverEnv())
    servers.push(again)
    for (let i = 0; i < votes.length; i += 500) {
      const response = await fetch(`${again.url}/api/votes`, { method: 'POST', body: JSON.stringify(votes.slice(i, i + 500)) })
      expect(response.status).toBe(200)
    }
    await materializeVotes(database.sql)
    const all = countedVotes(votes.map((v) => ({ proposalId: v.message.proposal, voter: v.message.voter, id: v.id, timestamp: BigInt(v.message.timestamp) })))
    expect(await pure()).toEqual(all)
    expect(await stored()).toEqual(all)
  }, 600_000)
})
