import { encodeAbiParameters, type Hex } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAnvil, type StartAnvilReturnType } from '@/lib/chain/anvil'
import { createChainClients } from '@/lib/chain/clients'
import { arborSettlementAbi, arborSettlementBytecode } from '@/lib/chain/contracts'
import { smartWalletAbi, smartWalletBytecode } from '@/lib/chain/contracts/test/SmartWallet'
import { deployContract } from '@/lib/chain/deploy-contract'
import { deployDemoContracts } from '@/lib/chain/deploy-demo'
import { devAccounts } from '@/lib/chain/dev-accounts'
import { BaseError } from '@/lib/errors'
import { createClaimMessageType } from '@/lib/intake/claim-message'
import { createClaimEligibility } from '@/lib/intake/create-claim-eligibility'
import { createIntakeEngine, type IntakeEngine, type SubmitOutcome } from '@/lib/intake/create-intake-engine'
import { createVoteEligibility } from '@/lib/intake/create-vote-eligibility'
import { getReceipt } from '@/lib/intake/get-receipt'
import type { SubmitResult } from '@/lib/intake/types'
import { createVerifierPool, type VerifierPool } from '@/lib/intake/verifier-pool'
import { createVoteMessageType } from '@/lib/intake/vote-message'
import { verifyProof } from '@/lib/merkle/verify-proof'
import { getSettlementTarget } from '@/lib/settlement/get-settlement-clients'
import { settleCheckpoint } from '@/lib/settlement/settle-checkpoint'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { createTestKeys, seedCampaign, seedProposals, signClaim, signVote, type TestKey, type VoteTarget } from './support/fixtures'

let database: TestDatabase
let anvil: StartAnvilReturnType
let engine: IntakeEngine
let token: string
let snapshotBlock: bigint
let clients: ReturnType<typeof createChainClients<`0x${string}`>>
const voters: TestKey[] = devAccounts.slice(1, 5).map((a) => ({ privateKey: a.privateKey, address: a.address.toLowerCase() }))

function makeEngine(options: { maxPending?: number; flushMs?: number; pool?: VerifierPool } = {}): IntakeEngine {
  const { sql } = database
  return createIntakeEngine({
    sql,
    types: [
      createVoteMessageType(createVoteEligibility({ sql, client: clients.publicClient, proposalTtlMs: 0 })),
      createClaimMessageType(createClaimEligibility({ sql, client: clients.publicClient, campaignTtlMs: 0 })),
    ],
    flushMs: 5,
    ...options,
    pool: options.pool ?? createVerifierPool({ size: 1 }),
  })
}

beforeAll(async () => {
  ;[database, anvil] = await Promise.all([createTestDatabase(), startAnvil()])
  clients = createChainClients({ rpcUrl: anvil.rpcUrl, chainId: anvil.chainId, account: devAccounts[0].privateKey })
  const demo = await deployDemoContracts(clients, { holder: devAccounts[0].address })
  token = demo.token.toLowerCase()
  snapshotBlock = demo.blockNumber
  engine = makeEngine()
})

afterAll(async () => {
  await engine?.close()
  await database?.drop()
  await anvil?.stop()
})

const ok = (outcome: SubmitOutcome | undefined): SubmitResult => {
  if (!outcome || outcome instanceof BaseError) throw new Error(`expected success, got ${outcome instanceof Error ? outcome.message : outcome}`)
  return outcome
}
const failure = (outcome: SubmitOutcome | undefined) => {
  if (!(outcome instanceof BaseError)) throw new Error(`expected an error, got ${JSON.stringify(outcome)}`)
  return { name: outcome.name, code: outcome.code, message: outcome.message, details: outcome.details }
}

async function newProposal(overrides: Parameters<typeof seedProposals>[1] extends infer P ? Partial<P> : never = {}): Promise<VoteTarget> {
  const [proposalId] = await seedProposals(database.sql, { chainId: anvil.chainId, token, snapshotBlock, ...overrides })
  return { proposalId: proposalId!, chainId: anvil.chainId, token }
}

async function currentVote(proposalId: string, voter: string) {
  const { rows } = await database.sql.query<{ message_id: string; choice: number; voting_power: string }>(
    'SELECT message_id, choice, voting_power::text FROM votes WHERE proposal_id = $1 AND voter = $2',
    [proposalId, voter],
  )
  return rows[0]
}

describe('votes', () => {
  it('accepts a vote weighted by getPastVotes at the snapshot, acknowledges after commit with a provable receipt', async () => {
    const target = await newProposal()
    const vote = await signVote(voters[0]!, target, { choice: 2, reason: 'yes' })
    const result = ok((await engine.submit('vote', [vote]))[0])
    expect(result).toMatchObject({ id: vote.id, status: 'accepted', batchSeq: 1 })
    expect(verifyProof(result.receipt.batch.root, ['bytes32'], [vote.id], result.receipt.proof)).toBe(true)
    expect(await currentVote(target.proposalId, voters[0]!.address)).toEqual({ message_id: vote.id, choice: 2, voting_power: (10_000n * 10n ** 18n).toString() })
    const receipt = await getReceipt(database.sql, { id: vote.id })
    expect(receipt.batch).toMatchObject(result.receipt.batch)
    expect(receipt.proof).toEqual(result.receipt.proof)
    expect(receipt.message).toMatchObject({ id: vote.id, kind: 'vote', shardKey: target.proposalId, status: 'accepted', payload: vote.message, signature: vote.signature.toLowerCase() })

    // the same signed message again: one effect, the same receipt
    const again = ok((await engine.submit('vote', [vote]))[0])
    expect(again).toEqual(result)
  })

  it('a repeated batch gets every receipt again, its proofs read back from the stored tree', async () => {
    const target = await newProposal()
    const t = Math.floor(Date.now() / 1000) - 50
    const messages = await Promise.all(Array.from({ length: 9 }, (_, i) => signVote(voters[i % 4]!, target, { choice: 1 + (i % 3), timestamp: t + i })))
    const patient = makeEngine({ flushMs: 500 })
    try {
      const first = (await patient.submit('vote', messages)).map(ok)
      expect(new Set(first.map((r) => r.receipt.batch.id)).size).toBe(1)
      expect(first.map((r) => r.status)).toEqual([...Array(5).fill('superseded'), ...Array(4).fill('accepted')])
      const again = (await patient.submit('vote', [...messages].reverse())).map(ok)
      expect(again).toEqual([...first].reverse())
      for (const [i, result] of first.entries()) {
        const stored = await getReceipt(database.sql, { id: result.id })
        expect(stored.proof).toEqual(result.receipt.proof)
        expect(stored.proof.length).toBeGreaterThanOrEqual(3)
        expect(stored.message).toMatchObject({ id: result.id, status: result.status, payload: messages[i]!.message })
        expect(verifyProof(stored.batch.root, ['bytes32'], [result.id], stored.proof)).toBe(true)
      }
    } finally {
      await patient.close()
    }
  })

  it('a vote superseded by the same voter\'s later vote says so when read and when re-posted, naming the vote that counts', async () => {
    const target = await newProposal()
    const t = Math.floor(Date.now() / 1000) - 30
    const earlier = await signVote(voters[2]!, target, { choice: 1, timestamp: t })
    const later = await signVote(voters[2]!, target, { choice: 2, timestamp: t + 5 })
    expect(ok((await engine.submit('vote', [earlier]))[0])).toMatchObject({ status: 'accepted' })
    expect((await getReceipt(database.sql, { id: earlier.id })).message).toMatchObject({ status: 'accepted' })
    expect(ok((await engine.submit('vote', [later]))[0])).toMatchObject({ status: 'accepted' })
    expect((await getReceipt(database.sql, { id: earlier.id })).message).toMatchObject({ status: 'superseded', supersededBy: later.id })
    expect(ok((await engine.submit('vote', [earlier]))[0])).toMatchObject({ id: earlier.id, status: 'superseded', supersededBy: later.id })
    expect((await getReceipt(database.sql, { id: later.id })).message).toMatchObject({ status: 'accepted' })
    expect((await getReceipt(database.sql, { id: later.id })).message.supersededBy).toBeUndefined()
    // arriving after the vote that counts: superseded from the start, naming it
    const stale = await signVote(voters[2]!, target, { choice: 3, timestamp: t + 1 })
    expect(ok((await engine.submit('vote', [stale]))[0])).toMatchObject({ status: 'superseded', supersededBy: later.id })
  })

  it('later timestamp wins, ties go to the smaller id — the same whether votes meet in one batch or in several', async () => {
    const t = Math.floor(Date.now() / 1000) - 100
    const messagesFor = async (target: VoteTarget) => [
      await signVote(voters[1]!, target, { choice: 1, timestamp: t }),
      await signVote(voters[1]!, target, { choice: 2, timestamp: t + 10 }),
      await signVote(voters[1]!, target, { choice: 3, timestamp: t + 5 }),
      await signVote(voters[2]!, target, { choice: 1, timestamp: t }),
      await signVote(voters[2]!, target, { choice: 2, timestamp: t }),
      await signVote(voters[2]!, target, { choice: 3, timestamp: t }),
    ]
    const oneBatch = await newProposal()
    const manyBatches = await newProposal()
    const together = await messagesFor(oneBatch)
    const apart = await messagesFor(manyBatches)
    // a long flush window: all six meet in one batch
    const patient = makeEngine({ flushMs: 500 })
    const results = await patient.submit('vote', together).finally(() => patient.close())
    expect(new Set(results.map((r) => ok(r).receipt.batch.id)).size).toBe(1)
    // one at a time, in reverse order: every message its own batch
    const seqs: number[] = []
    for (const message of [...apart].reverse()) seqs.push(ok((await engine.submit('vote', [message]))[0]).batchSeq)
    expect(new Set(seqs).size).toBe(6)

    const tieWinner = (messages: typeof together) => messages.slice(3).map((m) => m.id).sort()[0]
    for (const [target, messages] of [[oneBatch, together], [manyBatches, apart]] as const) {
      expect((await currentVote(target.proposalId, voters[1]!.address))?.message_id).toBe(messages[1]!.id)
      expect((await currentVote(target.proposalId, voters[2]!.address))?.message_id).toBe(tieWinner(messages))
    }
    expect(results.map((r) => ok(r).status)).toEqual(
      together.map((m, i) => (i === 1 || m.id === tieWinner(together) ? 'accepted' : 'superseded')),
    )
  })

  it('rejects votes outside the window, without power, with a wrong choice, and replays across chain, contract and proposal', async () => {
    const open = await newProposal()
    const other = await newProposal()
    const closed = await newProposal({ startAt: new Date(Date.now() - 7_200_000), endAt: new Date(Date.now() - 3_600_000) })
    const future = await newProposal({ startAt: new Date(Date.now() + 3_600_000), endAt: new Date(Date.now() + 7_200_000) })
    const [stranger] = await createTestKeys(1)
    const voter = voters[3]!
    const forOtherProposal = await signVote(voter, other)
    const cases = [
      await signVote(voter, closed),
      await signVote(voter, future),
      await signVote(stranger!, open),
      await signVote(voter, open, { choice: 4 }),
      await signVote(voter, { ...open, chainId: 1 }),
      await signVote(voter, { ...open, token: '0x000000000000000000000000000000000000dead' }),
      { ...forOtherProposal, message: { ...forOtherProposal.message, proposal: open.proposalId } },
      { ...(await signVote(voter, open)), domain: { chainId: 1, verifyingContract: token } },
    ]
    const outcomes = (await engine.submit('vote', cases)).map(failure)
    expect(outcomes.map((o) => [o.code, o.details?.field])).toEqual([
      ['gone', 'message.proposal'],
      ['conflict', 'message.proposal'],
      ['forbidden', 'message.voter'],
      ['validation', 'message.choices'],
      ['unauthorized', 'signature'],
      ['unauthorized', 'signature'],
      ['unauthorized', 'signature'],
      ['validation', 'domain.chainId'],
    ])
    expect(await currentVote(open.proposalId, voter.address)).toBeUndefined()
  })
})

describe('group commit', () => {
  it('single votes to many proposals share one transaction: one commit, a batch per proposal', async () => {
    const targets = await Promise.all(Array.from({ length: 12 }, () => newProposal()))
    const votes = await Promise.all(targets.map((target) => signVote(voters[3]!, target)))
    const patient = makeEngine({ flushMs: 1_000 })
    const results = await Promise.all(votes.map((vote) => patient.submit('vote', [vote]))).finally(() => patient.close())
    const batchIds = results.map(([result]) => ok(result).receipt.batch.id)
    expect(new Set(batchIds).size).toBe(12)
    // now() is the transaction's start time: one value for every batch row means one transaction
    const { rows } = await database.sql.query<{ transactions: number }>(
      'SELECT count(DISTINCT created_at)::int AS transactions FROM batches WHERE id = ANY($1::int4[])',
      [batchIds],
    )
    expect(rows[0]!.transactions).toBe(1)
  })

  it('votes and claims waiting together commit in one transaction, each type with its own rows', async () => {
    const target = await newProposal()
    const keys = await createTestKeys(2)
    const campaign = await seedCampaign(database.sql, { chainId: anvil.chainId, keys })
    const vote = await signVote(voters[1]!, target)
    const claim = await signClaim(campaign, campaign.allocations[1]!, campaign.proofOf(1))
    const patient = makeEngine({ flushMs: 1_000 })
    const [[voted], [claimed]] = await Promise.all([patient.submit('vote', [vote]), patient.submit('claim', [claim])]).finally(() => patient.close())
    const batchIds = [ok(voted).receipt.batch.id, ok(claimed).receipt.batch.id]
    const { rows } = await database.sql.query<{ transactions: number }>(
      'SELECT count(DISTINCT created_at)::int AS transactions FROM batches WHERE id = ANY($1::int4[])',
      [batchIds],
    )
    expect(rows[0]!.transactions).toBe(1)
    expect(await currentVote(target.proposalId, voters[1]!.address)).toMatchObject({ message_id: vote.id })
    const { rows: claims } = await database.sql.query('SELECT index, message_id, batch_id FROM claims WHERE campaign_id = $1', [campaign.id])
    expect(claims).toEqual([{ index: 1, message_id: claim.id, batch_id: ok(claimed).receipt.batch.id }])
  })

  it('a proposal deleted while its vote waits for the batch: that vote is 404 and writes nothing, the others commit', async () => {
    const [doomed, kept] = [await newProposal(), await newProposal()]
    const patient = makeEngine({ flushMs: 1_000 })
    try {
      const pending = Promise.all([patient.submit('vote', [await signVote(voters[0]!, doomed)]), patient.submit('vote', [await signVote(voters[0]!, kept)])])
      await new Promise((resolve) => setTimeout(resolve, 300))
      await database.sql.query('DELETE FROM proposals WHERE id = $1', [doomed.proposalId])
      const [[gone], [written]] = await pending
      expect(failure(gone)).toMatchObject({ code: 'not_found' })
      expect(ok(written).status).toBe('accepted')
      expect(await currentVote(doomed.proposalId, voters[0]!.address)).toBeUndefined()
      expect(await currentVote(kept.proposalId, voters[0]!.address)).toMatchObject({ message_id: ok(written).id })
    } finally {
      await patient.close()
    }
  })
})

describe('claims', () => {
  it('the first claim of an index wins; a later different one is 409 naming the winner; replays across campaigns and wrong proofs fail', async () => {
    const keys = await createTestKeys(8)
    const campaign = await seedCampaign(database.sql, { chainId: anvil.chainId, keys })
    const twin = await seedCampaign(database.sql, { chainId: anvil.chainId, keys })
    const allocation = campaign.allocations[3]!
    const first = await signClaim(campaign, allocation, campaign.proofOf(3))
    const second = await signClaim(campaign, allocation, campaign.proofOf(3), { to: keys[0]!.address })
    const [a, b] = await engine.submit('claim', [first, second])
    expect(ok(a)).toMatchObject({ id: first.id, status: 'accepted' })
    expect(failure(b)).toMatchObject({ code: 'conflict', details: { winner: first.id } })
    // in a later batch too
    expect(failure((await engine.submit('claim', [second]))[0])).toMatchObject({ code: 'conflict', details: { winner: first.id } })
    expect(ok((await engine.submit('claim', [first]))[0])).toEqual(ok(a))

    const replay = { ...(await signClaim(campaign, campaign.allocations[4]!, twin.proofOf(4))), domain: { chainId: anvil.chainId, verifyingContract: twin.distributor } }
    const wrongProof = await signClaim(campaign, campaign.allocations[5]!, campaign.proofOf(6))
    const wrongAmount = await signClaim(campaign, { ...campaign.allocations[5]!, amount: 1n }, campaign.proofOf(5))
    const wrongChain = { ...(await signClaim(campaign, campaign.allocations[5]!, campaign.proofOf(5))), domain: { chainId: 1, verifyingContract: campaign.distributor } }
    const late = await signClaim(campaign, campaign.allocations[6]!, campaign.proofOf(6), { deadline: Math.floor(Date.now() / 1000) - 1 })
    const outcomes = (await engine.submit('claim', [replay, wrongProof, wrongAmount, wrongChain, late])).map(failure)
    expect(outcomes.map((o) => [o.code, o.details?.field])).toEqual([
      ['unauthorized', 'signature'],
      ['forbidden', 'proof'],
      ['forbidden', 'proof'],
      ['not_found', 'domain.verifyingContract'],
      ['gone', 'message.deadline'],
    ])
    const { rows } = await database.sql.query('SELECT index, message_id, "to" FROM claims WHERE campaign_id = ANY($1::uuid[])', [[campaign.id, twin.id]])
    expect(rows).toEqual([{ index: 3, message_id: first.id, to: allocation.key.address }])
  })

  it('within one request the first in the array wins, even when the workers verify it last', async () => {
    const keys = await createTestKeys(2)
    const campaign = await seedCampaign(database.sql, { chainId: anvil.chainId, keys })
    const allocation = campaign.allocations[0]!
    const first = await signClaim(campaign, allocation, campaign.proofOf(0))
    const second = await signClaim(campaign, allocation, campaign.proofOf(0), { to: keys[1]!.address })
    const pool = createVerifierPool({ size: 1 })
    const slowFirst: VerifierPool = {
      ...pool,
      recover: async (items) => {
        if (items.some((item) => item.signature === first.signature)) await new Promise((resolve) => setTimeout(resolve, 200))
        return pool.recover(items)
      },
    }
    const ordered = makeEngine({ pool: slowFirst })
    try {
      const [a, b] = await ordered.submit('claim', [first, second])
      expect(ok(a)).toMatchObject({ id: first.id, status: 'accepted' })
      expect(failure(b)).toMatchObject({ code: 'conflict', details: { winner: first.id } })
    } finally {
      await ordered.close()
    }
  })

  it('accepts a contract wallet\'s claim through ERC-1271 isValidSignature, and refuses a stranger\'s signature for it', async () => {
    const [owner, stranger] = await createTestKeys(2)
    const { address: wallet } = await deployContract(clients, { abi: smartWalletAbi, bytecode: smartWalletBytecode, args: [owner!.address as `0x${string}`] })
    const campaign = await seedCampaign(database.sql, { chainId: anvil.chainId, keys: [{ privateKey: owner!.privateKey, address: wallet.toLowerCase() }, stranger!] })
    const byOwner = await signClaim(campaign, campaign.allocations[0]!, campaign.proofOf(0))
    const byStranger = await signClaim(campaign, { ...campaign.allocations[0]!, key: { ...stranger!, address: wallet.toLowerCase() } }, campaign.proofOf(0), { to: stranger!.address })
    const [rejected] = await engine.submit('claim', [byStranger])
    expect(failure(rejected)).toMatchObject({ code: 'unauthorized' })
    expect(ok((await engine.submit('claim', [byOwner]))[0])).toMatchObject({ id: byOwner.id, status: 'accepted' })
  })

  it('answers 429 (OverloadedError) past maxPending instead of queueing', async () => {
    const small = makeEngine({ maxPending: 3 })
    try {
      const keys = await createTestKeys(4)
      const campaign = await seedCampaign(database.sql, { chainId: anvil.chainId, keys })
      const claims = await Promise.all(campaign.allocations.map((a) => signClaim(campaign, a, campaign.proofOf(a.index))))
      await expect(small.submit('claim', claims)).rejects.toMatchObject({ name: 'OverloadedError', retryAfter: 1 })
      expect((await small.submit('claim', claims.slice(0, 3))).map((o) => ok(o).status)).toEqual(['accepted', 'accepted', 'accepted'])
    } finally {
      await small.close()
    }
  })
})

describe('settlement checkpoint', () => {
  it('roots the new batches, posts to ArborSettlement, and the receipt path verifies on chain', async () => {
    const keys = await createTestKeys(3)
    const campaign = await seedCampaign(database.sql, { chainId: anvil.chainId, keys })
    const claim = await signClaim(campaign, campaign.allocations[1]!, campaign.proofOf(1))
    ok((await engine.submit('claim', [claim]))[0])

    const settler = devAccounts[0]
    const { address: settlement } = await deployContract(clients, { abi: arborSettlementAbi, bytecode: arborSettlementBytecode, args: [settler.address, settler.address] })
    const pendingOnly = await settleCheckpoint(database.sql)
    expect(pendingOnly).toMatchObject({ pending: true, posted: [] })
    const target = getSettlementTarget({ rpcUrl: anvil.rpcUrl, chainId: anvil.chainId, address: settlement, privateKey: settler.privateKey })
    const settled = await settleCheckpoint(database.sql, { settlement: target })
    expect(settled.posted.map((p) => p.seq)).toEqual([1])

    const receipt = await getReceipt(database.sql, { id: claim.id })
    expect(receipt.checkpoint).toMatchObject({ seq: 1, status: 'confirmed', txHash: settled.posted[0]!.txHash })
    expect(verifyProof(receipt.batch.root, ['bytes32'], [claim.id], receipt.proof)).toBe(true)
    const { leaf, proof, seq } = receipt.checkpoint!
    const onChain = await clients.publicClient.readContract({
      address: settlement,
      abi: arborSettlementAbi,
      functionName: 'verifyCheckpointEntry',
      args: [BigInt(seq), encodeAbiParameters([{ type: 'uint256' }, { type: 'bytes32' }], [BigInt(leaf.batchId), leaf.batchRoot as Hex]), proof as Hex[]],
    })
    expect(onChain).toBe(true)
    const tampered = await clients.publicClient.readContract({
      address: settlement,
      abi: arborSettlementAbi,
      functionName: 'verifyCheckpointEntry',
      args: [BigInt(seq), encodeAbiParameters([{ type: 'uint256' }, { type: 'bytes32' }], [BigInt(leaf.batchId) + 1n, leaf.batchRoot as Hex]), proof as Hex[]],
    })
    expect(tampered).toBe(false)
  })
})
