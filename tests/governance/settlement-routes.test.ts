/**
 * The settlement's HTTP edge: both cron routes fail closed (401 naming CRON_SECRET without a secret
 * off the local dev stack, 401 for a wrong bearer) and settle with the right one, against a real
 * database and anvil; startup refuses a settler or relayer key in production without CRON_SECRET;
 * the receipt and audit routes answer 422 / 404 / 409 as documented.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import type { Address, Hex } from 'viem'
import { startAnvil, type StartAnvilReturnType } from '@/lib/chain/anvil'
import { createChainClients } from '@/lib/chain/clients'
import { arborSettlementAbi, arborSettlementBytecode } from '@/lib/chain/contracts/ArborSettlement'
import { deployContract } from '@/lib/chain/deploy-contract'
import { devAccounts } from '@/lib/chain/dev-accounts'
import { onChainProposalId } from '@/lib/governance/settlement/vote-leaf'
import { checkSettledExport, checkSettledExportSignatures } from '@/lib/governance/settlement/verify-settled-export'
import { createIntakeEngine } from '@/lib/intake/create-intake-engine'
import { createVoteEligibility } from '@/lib/intake/create-vote-eligibility'
import { createVerifierPool } from '@/lib/intake/verifier-pool'
import { createVoteMessageType } from '@/lib/intake/vote-message'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { createTestKeys, seedProposals, signVote } from '../intake/support/fixtures'

const secret = 'settle-cron-secret-0123456789abcdef'
const settler = devAccounts[0]
let database: TestDatabase
let anvil: StartAnvilReturnType
let settlement: Address
let clients: ReturnType<typeof createChainClients<`0x${string}`>>
let proposalId: string
let voteId: Hex

const remote = { RPC_URL: 'https://rpc.example.com', CHAIN_ID: '1' }
const cronRoutes = {
  '/api/cron/settle-proposals': () => import('@/app/api/cron/settle-proposals/route'),
  '/api/cron/settle': () => import('@/app/api/cron/settle/route'),
}

async function load<T>(variables: Record<string, string>, importer: () => Promise<T>): Promise<T> {
  for (const [name, value] of Object.entries(variables)) vi.stubEnv(name, value)
  vi.resetModules()
  return importer()
}

beforeAll(async () => {
  ;[database, anvil] = await Promise.all([createTestDatabase(), startAnvil()])
  clients = createChainClients({ rpcUrl: anvil.rpcUrl, chainId: anvil.chainId, account: settler.privateKey })
  settlement = (await deployContract(clients, { abi: arborSettlementAbi, bytecode: arborSettlementBytecode, args: [settler.address, settler.address] })).address
  const now = Math.floor(Date.now() / 1000)
  ;[proposalId] = (await seedProposals(database.sql, { chainId: anvil.chainId, token: '0x00000000000000000000000000000000000000a1', startAt: new Date((now - 7_200) * 1000), endAt: new Date((now - 3_600) * 1000) })) as [string]
  const base = createVoteEligibility({ sql: database.sql, client: clients.publicClient, proposalTtlMs: 0 })
  const engine = createIntakeEngine({
    sql: database.sql,
    types: [createVoteMessageType({ ...base, getVotingPowers: async (_proposal, voters) => voters.map(() => 10n ** 18n) })],
    flushMs: 5,
    now: () => now - 5_000,
    pool: createVerifierPool({ size: 0 }),
  })
  const [key] = await createTestKeys(1)
  const signed = await signVote(key!, { proposalId, chainId: anvil.chainId, token: '0x00000000000000000000000000000000000000a1' }, { choice: 2, timestamp: now - 5_000 })
  const [outcome] = await engine.submit('vote', [signed])
  if (outcome instanceof Error) throw outcome
  voteId = signed.id as Hex
  await engine.close()
  Object.assign(globalThis, { __arborDatabase: database.database })
}, 120_000)

afterEach(() => {
  vi.unstubAllEnvs()
})

afterAll(async () => {
  Object.assign(globalThis, { __arborDatabase: undefined })
  await database?.drop()
  await anvil?.stop()
})

describe.each(Object.entries(cronRoutes))('GET %s', (path, importer) => {
  const site = `https://arbor.test${path}`
  it('fails closed without CRON_SECRET in production off the local dev stack: 401 naming the variable, whatever the bearer', async () => {
    const { GET } = await load({ ...remote, NODE_ENV: 'production', CRON_SECRET: '', SETTLER_PRIVATE_KEY: '', RELAYER_PRIVATE_KEY: '', ARBOR_DEV_STACK: '' }, importer)
    for (const authorization of ['', 'Bearer ', `Bearer ${secret}`]) {
      const response = await GET(new Request(site, { headers: authorization ? { authorization } : {} }))
      expect(response.status).toBe(401)
      const { error } = await response.json()
      expect(error).toMatchObject({ code: 'unauthorized', details: { variable: 'CRON_SECRET' } })
      expect(error.message).toContain('CRON_SECRET is not set')
    }
  })

  it('answers 401 to a missing or wrong bearer when the secret is set', async () => {
    const { GET } = await load({ ...remote, CRON_SECRET: secret }, importer)
    for (const authorization of [undefined, `Bearer ${secret}x`, `Bearer ${secret.slice(1)}`, secret, `Basic ${secret}`]) {
      const response = await GET(new Request(site, { headers: authorization ? { authorization } : {} }))
      expect(response.status).toBe(401)
      expect((await response.json()).error.details).toMatchObject({ variable: 'CRON_SECRET' })
    }
  })
})

describe('with the right bearer', () => {
  const configured = () => ({ CRON_SECRET: secret, RPC_URL: anvil.rpcUrl, CHAIN_ID: String(anvil.chainId), SETTLEMENT_ADDRESS: settlement, SETTLER_PRIVATE_KEY: settler.privateKey })
  const authorized = (path: string) => new Request(`https://arbor.test${path}`, { headers: { authorization: `Bearer ${secret}` } })

  it('GET /api/cron/settle checkpoints the intake batches and posts the checkpoint', async () => {
    const { GET } = await load(configured(), cronRoutes['/api/cron/settle'])
    const response = await GET(authorized('/api/cron/settle'))
    expect(response.status).toBe(200)
    const body = await response.json()
    expect(body).toMatchObject({ created: { seq: 1 }, posted: [{ seq: 1 }], pending: false })
    expect((await clients.publicClient.readContract({ address: settlement, abi: arborSettlementAbi, functionName: 'checkpoint', args: [1n] })).root).toBe(body.posted[0].root)
  })

  it('GET /api/cron/settle-proposals settles the ended proposal on chain; a second call posts nothing', async () => {
    const { GET } = await load(configured(), cronRoutes['/api/cron/settle-proposals'])
    const bad = await GET(new Request('https://arbor.test/api/cron/settle-proposals?proposalId=nope', { headers: { authorization: `Bearer ${secret}` } }))
    expect(bad.status).toBe(422)
    expect((await bad.json()).error.details).toMatchObject({ field: 'proposalId' })
    const response = await GET(authorized('/api/cron/settle-proposals'))
    expect(response.status).toBe(200)
    const body = await response.json()
    expect(body).toMatchObject({ configured: true, errors: [], settled: [{ proposalId, status: 'confirmed', voteCount: 1 }] })
    const onChain = await clients.publicClient.readContract({ address: settlement, abi: arborSettlementAbi, functionName: 'proposalResult', args: [onChainProposalId(proposalId)] })
    expect(onChain.votesRoot).toBe(body.settled[0].votesRoot)
    expect(await (await GET(authorized('/api/cron/settle-proposals'))).json()).toMatchObject({ settled: [], errors: [] })
  })

  it('without SETTLEMENT_ADDRESS / SETTLER_PRIVATE_KEY it says so and settles nothing', async () => {
    const { GET } = await load({ ...configured(), SETTLEMENT_ADDRESS: '', SETTLER_PRIVATE_KEY: '' }, cronRoutes['/api/cron/settle-proposals'])
    const body = await (await GET(authorized('/api/cron/settle-proposals'))).json()
    expect(body).toMatchObject({ configured: false, settled: [] })
    expect(body.message).toMatch(/SETTLER_PRIVATE_KEY/)
  })
})

describe('startup in production', () => {
  const production = { NODE_ENV: 'production', ADMIN_ADDRESSES: '', CRON_SECRET: '', SETTLER_PRIVATE_KEY: '', RELAYER_PRIVATE_KEY: '', ARBOR_DEV_STACK: '' }
  const loadEnv = (variables: Record<string, string>) => load(variables, () => import('@/lib/env'))
  it('fails naming CRON_SECRET when a settler or relayer key is set without it', async () => {
    await expect(loadEnv({ ...production, SETTLER_PRIVATE_KEY: settler.privateKey })).rejects.toThrow(/CRON_SECRET: required in production when SETTLER_PRIVATE_KEY is set/)
    await expect(loadEnv({ ...production, RELAYER_PRIVATE_KEY: settler.privateKey })).rejects.toThrow(/CRON_SECRET: required in production when RELAYER_PRIVATE_KEY is set/)
  })
  it('starts with the secret, without a key, or on the local dev stack', async () => {
    await expect(loadEnv({ ...production, SETTLER_PRIVATE_KEY: settler.privateKey, CRON_SECRET: secret })).resolves.toMatchObject({ env: { CRON_SECRET: secret } })
    await expect(loadEnv(production)).resolves.toBeDefined()
    await expect(loadEnv({ ...production, SETTLER_PRIVATE_KEY: settler.privateKey, ARBOR_DEV_STACK: '1' })).resolves.toBeDefined()
    await expect(loadEnv({ ...production, SETTLER_PRIVATE_KEY: settler.privateKey, NODE_ENV: 'development' })).resolves.toBeDefined()
  })
})

describe('GET /api/votes/[id]/receipt and /api/proposals/[id]/audit', () => {
  const receipt = async (id: string) => {
    const { GET } = await import('@/app/api/votes/[id]/receipt/route')
    return GET(new Request(`https://arbor.test/api/votes/${id}/receipt`), { params: Promise.resolve({ id }) })
  }
  const audit = async (id: string) => {
    const { GET } = await import('@/app/api/proposals/[id]/audit/route')
    return GET(new Request(`https://arbor.test/api/proposals/${id}/audit`), { params: Promise.resolve({ id }) })
  }

  it('receipt: 422 naming id for a malformed id, 404 for an unknown one, the receipt for a vote', async () => {
    const malformed = await receipt('0x12')
    expect(malformed.status).toBe(422)
    expect((await malformed.json()).error.details).toMatchObject({ field: 'id' })
    expect((await receipt(`0x${'0'.repeat(64)}`)).status).toBe(404)
    const found = await receipt(voteId)
    expect(found.status).toBe(200)
    expect(await found.json()).toMatchObject({ vote: { id: voteId, proposalId, choice: 2 }, intake: { message: { id: voteId } } })
  })

  it('audit: 404 unknown, 409 not settled, then the export as a JSON download', async () => {
    expect((await audit('not-a-uuid')).status).toBe(404)
    expect((await audit('00000000-0000-4000-8000-000000000000')).status).toBe(404)
    const now = Math.floor(Date.now() / 1000)
    const [open] = await seedProposals(database.sql, { chainId: anvil.chainId, token: '0x00000000000000000000000000000000000000a1', endAt: new Date((now + 3_600) * 1000) })
    const pending = await audit(open!)
    expect(pending.status).toBe(409)
    expect((await pending.json()).error.message).toMatch(/not settled/)
    const { rows } = await database.sql.query<{ status: string }>('SELECT status::text AS status FROM proposal_results WHERE proposal_id = $1', [proposalId])
    expect(rows).toEqual([{ status: 'confirmed' }])
    const settled = await audit(proposalId)
    expect(settled.status).toBe(200)
    expect(settled.headers.get('content-disposition')).toContain(`proposal-${proposalId}-settlement.json`)
    const body = await settled.json()
    expect(body).toMatchObject({ format: 'arbor.settled-proposal/1', proposal: { id: proposalId }, result: { voteCount: 1 }, votes: [{ id: voteId, choice: 2 }] })
    // the signed Vote rides along: its signature recovers to the voter, a forged one does not
    expect(body.votes[0].signed.signature).toMatch(/^0x[0-9a-f]{130}$/)
    expect(checkSettledExport(body).every((check) => check.ok)).toBe(true)
    expect(await checkSettledExportSignatures(body)).toMatchObject({ ok: true, detail: '1 signatures recovered to their voters' })
    const forged = structuredClone(body)
    forged.votes[0].signed.signature = `${body.votes[0].signed.signature.slice(0, 10)}${body.votes[0].signed.signature.slice(10, 12) === 'aa' ? 'bb' : 'aa'}${body.votes[0].signed.signature.slice(12)}`
    expect(await checkSettledExportSignatures(forged)).toMatchObject({ ok: false })
  })
})
