import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAnvil, type StartAnvilReturnType } from '@/lib/chain/anvil'
import { createChainClients } from '@/lib/chain/clients'
import { deployDemoContracts } from '@/lib/chain/deploy-demo'
import { devAccounts } from '@/lib/chain/dev-accounts'
import { env } from '@/lib/env'
import type { IntakeEngine } from '@/lib/intake/create-intake-engine'
import { OverloadedError } from '@/lib/intake/errors'
import { getReceipt } from '@/lib/intake/get-receipt'
import { materializeVotes } from '@/lib/intake/materialize-votes'
import { respondToSubmit } from '@/lib/intake/respond-to-submit'
import { createAdmission } from '@/lib/http/admission'
import { verifyProof } from '@/lib/merkle/verify-proof'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { countIndexedVotes, createTestKeys, seedCampaign, seedProposals, signClaim, signVote, type TestCampaign, type TestKey, type VoteTarget } from './support/fixtures'
import { startIntakeServer, type IntakeServer } from './support/start-intake-server'

const post = (url: string, body: unknown, raw = false) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: raw ? (body as string) : JSON.stringify(body) })

describe('respondToSubmit', () => {
  it('maps a full engine to 429 with Retry-After', async () => {
    const full = { submit: () => Promise.reject(new OverloadedError('full', { retryAfter: 2 })) } as unknown as IntakeEngine
    const response = await respondToSubmit(full, 'vote', new Request('http://x/api/votes', { method: 'POST', body: '{}' }))
    expect(response.status).toBe(429)
    expect(response.headers.get('retry-after')).toBe('2')
    expect(await response.json()).toEqual({ error: { code: 'overloaded', message: 'full', details: { retryAfter: 2 } } })
  })
})

describe('admission at the route edge', () => {
  it('past maxInFlight requests in flight, answers 429 with Retry-After at once without reading the body; admits again once one is answered', async () => {
    let finish: () => void = () => {}
    const started: string[] = []
    const slow = {
      submit: (kind: string) => {
        started.push(kind)
        return new Promise((resolve) => (finish = () => resolve([{ id: '0x01', status: 'accepted', batchSeq: 1, receipt: { batch: {}, proof: [] } }])))
      },
    } as unknown as IntakeEngine
    const admission = createAdmission({ maxInFlight: 1 })
    const request = () => new Request('http://x/api/votes', { method: 'POST', body: '{"message":{}}' })
    const first = respondToSubmit(slow, 'vote', request(), admission)
    await new Promise((resolve) => setTimeout(resolve, 10))
    const shed = await respondToSubmit(slow, 'vote', request(), admission)
    expect(shed.status).toBe(429)
    expect(shed.headers.get('retry-after')).toBe('1')
    expect(await shed.json()).toMatchObject({ error: { code: 'overloaded', message: expect.stringContaining('1 requests in flight') } })
    expect(started).toEqual(['vote'])
    finish()
    expect((await first).status).toBe(200)
    expect(admission.inFlight()).toBe(0)
    const again = respondToSubmit(slow, 'vote', request(), admission)
    await new Promise((resolve) => setTimeout(resolve, 10))
    finish()
    expect((await again).status).toBe(200)
  })
})

describe.skipIf(!env.TEST_DATABASE_URL)('HTTP intake (separate server process, real Postgres)', () => {
  let database: TestDatabase
  let anvil: StartAnvilReturnType
  let server: IntakeServer
  let target: VoteTarget
  let campaign: TestCampaign
  const voters: TestKey[] = devAccounts.slice(1, 5).map((a) => ({ privateKey: a.privateKey, address: a.address.toLowerCase() }))

  beforeAll(async () => {
    ;[database, anvil] = await Promise.all([createTestDatabase(), startAnvil()])
    const clients = createChainClients({ rpcUrl: anvil.rpcUrl, chainId: anvil.chainId, account: devAccounts[0].privateKey })
    const demo = await deployDemoContracts(clients, { holder: devAccounts[0].address })
    const [proposalId] = await seedProposals(database.sql, { chainId: anvil.chainId, token: demo.token, snapshotBlock: demo.blockNumber })
    target = { proposalId: proposalId!, chainId: anvil.chainId, token: demo.token.toLowerCase() }
    campaign = await seedCampaign(database.sql, { chainId: anvil.chainId, keys: await createTestKeys(4) })
    server = await startIntakeServer({ DATABASE_URL: database.url!, RPC_URL: anvil.rpcUrl, CHAIN_ID: String(anvil.chainId), INTAKE_WORKERS: '1' })
  })

  afterAll(async () => {
    await server?.stop()
    await database?.drop()
    await anvil?.stop()
  })

  it('malformed JSON, wrong types, oversize bodies and 10,001-element arrays get 4xx with a message; the next valid vote is accepted', async () => {
    const valid = await signVote(voters[0]!, target)
    const cases: Array<[string | unknown, number, string, boolean?]> = [
      ['{"message": ', 422, 'body', true],
      ['', 422, 'body', true],
      [{ ...valid, message: { ...valid.message, voter: 5 } }, 422, 'message.voter'],
      [{ ...valid, message: { ...valid.message, choices: ['one'] } }, 422, 'message.choices[0]'],
      [{ ...valid, message: { ...valid.message, reason: 'nul \u0000 here' } }, 422, 'message.reason'],
      [{ ...valid, signature: '0x1234' }, 422, 'signature'],
      [{ ...valid, extra: true }, 422, 'body'],
      [[valid, { ...valid, message: { ...valid.message, proposal: 'nope' } }], 422, '[1].message.proposal'],
      [[], 422, 'body'],
      [Array.from({ length: 10_001 }, () => ({})), 413, ''],
      [Array.from({ length: 1_001 }, () => ({})), 413, ''],
      ['x'.repeat(3 * 1024 * 1024), 413, '', true],
    ]
    for (const [body, status, field, raw] of cases) {
      const response = await post(`${server.url}/api/votes`, body, raw)
      const json = (await response.json()) as { error?: { message: string; details?: { field?: string } }; results?: Array<{ httpStatus: number; error?: { details?: { field?: string } } }> }
      expect(response.status, JSON.stringify(json)).toBe(status)
      const error = json.error ?? json.results?.find((r) => r.httpStatus !== 200)?.error
      expect(error).toBeDefined()
      if (json.error) expect(json.error.message.length).toBeGreaterThan(5)
      if (field) expect(error?.details?.field).toBe(field)
    }
    const accepted = await post(`${server.url}/api/votes`, valid)
    expect(accepted.status).toBe(200)
    expect(await accepted.json()).toMatchObject({ id: valid.id, status: 'accepted', batchSeq: expect.any(Number) })
  })

  it('64 concurrent posts of one vote: one effect, 200 and a receipt proving its inclusion for all (the default voteAck, batch)', async () => {
    const vote = await signVote(voters[1]!, target, { choice: 3 })
    const responses = await Promise.all(Array.from({ length: 64 }, () => post(`${server.url}/api/votes`, vote)))
    const bodies = (await Promise.all(responses.map((r) => r.json()))) as Array<{ id: string; status: string; receipt: { batch: { id: number; root: string }; proof: string[] } }>
    expect(responses.map((r) => r.status)).toEqual(Array(64).fill(200))
    // answered at COMMIT: posts that met in one batch share its receipt; each receipt proves an inclusion
    for (const body of bodies) {
      expect(body).toMatchObject({ id: vote.id, status: 'accepted' })
      expect(verifyProof(body.receipt.batch.root, ['bytes32'], [vote.id], body.receipt.proof)).toBe(true)
    }
    // readers derive on read: the id lookup and the counted vote, once
    await materializeVotes(database.sql, { proposalId: target.proposalId })
    expect(await countIndexedVotes(database.sql, [vote.id])).toBe(1)
    // the receipt is the first inclusion, whichever batches the posts met in
    const { batch } = await getReceipt(database.sql, { id: vote.id })
    expect(batch.id).toBe(Math.min(...bodies.map((body) => body.receipt.batch.id)))
    const { rows: votes } = await database.sql.query('SELECT message_id FROM votes WHERE proposal_id = $1 AND voter = $2', [target.proposalId, voters[1]!.address])
    expect(votes).toEqual([{ message_id: vote.id }])
  })

  it('64 concurrent posts of two conflicting claims of one index: one claim, 200 for its posts, 409 naming it for the others', async () => {
    const allocation = campaign.allocations[2]!
    const a = await signClaim(campaign, allocation, campaign.proofOf(2))
    const b = await signClaim(campaign, allocation, campaign.proofOf(2), { to: campaign.allocations[0]!.key.address })
    const bodies = Array.from({ length: 64 }, (_, i) => (i % 2 === 0 ? a : b))
    const responses = await Promise.all(bodies.map((body) => post(`${server.url}/api/claims`, body)))
    const json = (await Promise.all(responses.map((r) => r.json()))) as Array<{ id?: string; error?: { details: { winner: string } } }>
    const { rows } = await database.sql.query<{ message_id: string }>('SELECT message_id FROM claims WHERE campaign_id = $1 AND index = 2', [campaign.id])
    expect(rows).toHaveLength(1)
    const winner = rows[0]!.message_id
    expect([a.id, b.id]).toContain(winner)
    bodies.forEach((body, i) => {
      if (body.id === winner) {
        expect(responses[i]!.status).toBe(200)
        expect(json[i]!.id).toBe(winner)
      } else {
        expect(responses[i]!.status).toBe(409)
        expect(json[i]!.error!.details.winner).toBe(winner)
      }
    })
  })

  it('GET /api/receipts/:id returns the message, its batch and a proof to the batch root', async () => {
    const claim = await signClaim(campaign, campaign.allocations[3]!, campaign.proofOf(3))
    const posted = (await (await post(`${server.url}/api/claims`, [claim])).json()) as { results: Array<{ id: string }> }
    expect(posted.results[0]!.id).toBe(claim.id)
    const response = await fetch(`${server.url}/api/receipts/${claim.id}`)
    expect(response.status).toBe(200)
    const receipt = (await response.json()) as { message: { id: string; kind: string }; batch: { root: string }; proof: string[] }
    expect(receipt.message).toMatchObject({ id: claim.id, kind: 'claim', shardKey: campaign.id, signature: claim.signature.toLowerCase(), payload: claim.message })
    expect(verifyProof(receipt.batch.root, ['bytes32'], [claim.id], receipt.proof)).toBe(true)
    expect((await fetch(`${server.url}/api/receipts/0x${'ab'.repeat(32)}`)).status).toBe(404)
  })
})
