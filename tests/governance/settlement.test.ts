/**
 * Closing and settling proposals through the real parts: votes through the intake engine into a
 * real database, a real anvil with ArborSettlement, and a JSON-RPC proxy that loses answers. Checks
 * the votes root against OpenZeppelin (`StandardMerkleTree`, `ArborSettlement.verifyVote`), the
 * receipts (counted, superseded, accepted), and that no run ever posts a proposal twice.
 */
import { StandardMerkleTree } from '@openzeppelin/merkle-tree'
import { encodeAbiParameters, encodeFunctionData, erc20Abi, zeroHash, type Address, type Hex } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAnvil, type StartAnvilReturnType } from '@/lib/chain/anvil'
import { createChainClients } from '@/lib/chain/clients'
import { arborSettlementAbi, arborSettlementBytecode } from '@/lib/chain/contracts/ArborSettlement'
import { deployContract } from '@/lib/chain/deploy-contract'
import { devAccounts } from '@/lib/chain/dev-accounts'
import { tallyProposal } from '@/lib/governance/tally-proposal'
import { getVoteReceipt } from '@/lib/governance/settlement/get-vote-receipt'
import { settleProposals } from '@/lib/governance/settlement/settle-proposals'
import { actionsHash, ballotHash, onChainProposalId, Outcome, tallyHash, VOTE_LEAF_ENCODING } from '@/lib/governance/settlement/vote-leaf'
import { EMPTY_VOTES_ROOT } from '@/lib/governance/settlement/votes-tree'
import { createIntakeEngine, type IntakeEngine } from '@/lib/intake/create-intake-engine'
import { createVoteEligibility } from '@/lib/intake/create-vote-eligibility'
import { createVerifierPool } from '@/lib/intake/verifier-pool'
import { createVoteMessageType } from '@/lib/intake/vote-message'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { createTestKeys, seedProposals, signVote, type TestKey, type VoteTarget } from '../intake/support/fixtures'
import { startFlakyRpcProxy, type FlakyRpcProxy } from './support/flaky-rpc-proxy'

let database: TestDatabase
let anvil: StartAnvilReturnType
let engine: IntakeEngine
let proxy: FlakyRpcProxy
let settlement: Address
let clients: ReturnType<typeof createChainClients<`0x${string}`>>
let keys: TestKey[]
const settler = devAccounts[0]
const executor = '0x00000000000000000000000000000000000000e1'
const token = '0x00000000000000000000000000000000000000a1'
const later = () => new Date(Date.now() + 3 * 3_600_000)
/** Voting power: 1 000 tokens plus the key's position, so ties are rare and sums are checkable. */
const powerOf = (voter: string) => (1_000n + BigInt(keys.findIndex((k) => k.address === voter))) * 10n ** 18n

beforeAll(async () => {
  ;[database, anvil] = await Promise.all([createTestDatabase(), startAnvil()])
  clients = createChainClients({ rpcUrl: anvil.rpcUrl, chainId: anvil.chainId, account: settler.privateKey })
  const deployed = await deployContract(clients, { abi: arborSettlementAbi, bytecode: arborSettlementBytecode, args: [settler.address, settler.address] })
  settlement = deployed.address
  keys = await createTestKeys(40)
  const base = createVoteEligibility({ sql: database.sql, client: clients.publicClient, proposalTtlMs: 0 })
  engine = createIntakeEngine({
    sql: database.sql,
    types: [createVoteMessageType({ ...base, getVotingPowers: async (_proposal, voters) => voters.map(powerOf) })],
    flushMs: 5,
    pool: createVerifierPool({ size: 1 }),
  })
  proxy = await startFlakyRpcProxy(anvil.rpcUrl)
})

afterAll(async () => {
  await engine?.close()
  await proxy?.close()
  await database?.drop()
  await anvil?.stop()
})

type ProposalOptions = { votingType?: string; choices?: string[]; actions?: { target: string; value: string; calldata: string }[]; withExecutor?: boolean; quorum?: bigint }

async function newProposal({ votingType = 'basic', choices = ['For', 'Against', 'Abstain'], actions = [], withExecutor = false, quorum = 0n }: ProposalOptions = {}): Promise<VoteTarget> {
  const [proposalId] = await seedProposals(database.sql, { chainId: anvil.chainId, token, votingType, choices })
  await database.sql.query('UPDATE proposals SET actions = $2::jsonb WHERE id = $1', [proposalId, JSON.stringify(actions)])
  await database.sql.query('UPDATE spaces SET executor_address = $2, quorum = $3 FROM proposals p WHERE p.id = $1 AND spaces.id = p.space_id', [
    proposalId,
    withExecutor ? executor : null,
    quorum.toString(),
  ])
  return { proposalId: proposalId!, chainId: anvil.chainId, token }
}

async function vote(target: VoteTarget, key: TestKey, choice: number, timestamp = Math.floor(Date.now() / 1000) - 60) {
  const signed = await signVote(key, target, { choice, timestamp })
  const [outcome] = await engine.submit('vote', [signed])
  if (outcome instanceof Error) throw outcome
  return signed.id as Hex
}

async function settledEvents(proposalId: string) {
  return clients.publicClient.getContractEvents({ address: settlement, abi: arborSettlementAbi, eventName: 'ProposalSettled', args: { proposalId: onChainProposalId(proposalId) }, fromBlock: 0n })
}

const proxyClients = () => createChainClients({ rpcUrl: proxy.url, chainId: anvil.chainId, account: settler.privateKey })
const fast = { attempts: 3, retryDelayMs: 20, receiptTimeoutMs: 2_000 }

describe('settleProposals', () => {
  it('settles the counted votes: the root OpenZeppelin builds, the tally, Passed and the actions hash; receipts prove inclusion on chain', async () => {
    const transfer = encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [devAccounts[5].address, 10n ** 18n] })
    const actions = [{ target: '0x00000000000000000000000000000000000000b2', value: '0', calldata: transfer }]
    const target = await newProposal({ actions, withExecutor: true })
    const ids: Hex[] = []
    for (let i = 0; i < 12; i++) ids.push(await vote(target, keys[i]!, i < 8 ? 1 : 2))
    // three voters change their minds: the later vote counts, the earlier is superseded
    const revotes: Hex[] = []
    for (let i = 0; i < 3; i++) revotes.push(await vote(target, keys[i]!, 3, Math.floor(Date.now() / 1000) - 30))

    const before = await getVoteReceipt(database.sql, { voteId: revotes[0]!, settlementAddress: settlement })
    expect(before).toMatchObject({ status: 'accepted', settlement: { status: 'open', address: settlement.toLowerCase() } })
    expect(before.intake?.batch.root).toMatch(/^0x[0-9a-f]{64}$/)
    expect(before.leaf).toBeUndefined()

    // not past its end (plus the grace): nothing to do
    expect((await settleProposals(database.sql, clients, { settlement, proposalId: target.proposalId })).settled).toEqual([])

    const run = await settleProposals(database.sql, clients, { settlement, now: later(), proposalId: target.proposalId })
    expect(run.errors).toEqual([])
    const [summary] = run.settled
    expect(summary).toMatchObject({ status: 'confirmed', voteCount: 12, outcome: 'passed' })

    // the same root as OpenZeppelin's StandardMerkleTree over the counted votes
    const { rows } = await database.sql.query<{ message_id: Hex; voter: Address; choice: number; power: string }>(
      'SELECT message_id, voter, choice, voting_power::text AS power FROM votes WHERE proposal_id = $1',
      [target.proposalId],
    )
    expect(rows).toHaveLength(12)
    const oz = StandardMerkleTree.of(rows.map((r) => [r.message_id, r.voter, ballotHash(r.choice), r.power]), [...VOTE_LEAF_ENCODING])
    expect(summary!.votesRoot).toBe(oz.root)
    const tally = await tallyProposal(database.sql, { proposalId: target.proposalId })
    expect(tally.passed).toBe(true)
    expect(summary!.tallyHash).toBe(tallyHash(tally))
    expect(summary!.actionsHash).toBe(actionsHash(executor, actions.map((a) => ({ target: a.target as Address, value: 0n, calldata: a.calldata as Hex }))))

    const onChain = await clients.publicClient.readContract({ address: settlement, abi: arborSettlementAbi, functionName: 'proposalResult', args: [onChainProposalId(target.proposalId)] })
    expect(onChain).toMatchObject({ votesRoot: oz.root, tallyHash: summary!.tallyHash, voteCount: 12n, outcome: Outcome.Passed, actionsHash: summary!.actionsHash })
    const { rows: [stored] } = await database.sql.query<{ state: string; status: string; raw_transaction: string; nonce: number; block_number: string; settled_at: Date }>(
      `SELECT p.state::text AS state, r.status::text AS status, r.raw_transaction, r.nonce, r.block_number::text AS block_number, r.settled_at
       FROM proposals p JOIN proposal_results r ON r.proposal_id = p.id WHERE p.id = $1`,
      [target.proposalId],
    )
    expect(stored).toMatchObject({ state: 'settled', status: 'confirmed', block_number: summary!.blockNumber })
    expect(stored!.raw_transaction).toMatch(/^0x/)
    expect(stored!.settled_at.getTime() / 1000).toBe(Number(onChain.settledAt))

    // a counted vote's receipt: its proof verifies with OpenZeppelin, in JS and in MerkleProof on chain
    const counted = await getVoteReceipt(database.sql, { voteId: revotes[1]! })
    expect(counted).toMatchObject({ status: 'counted', votesRoot: oz.root, vote: { choice: 3, voter: keys[1]!.address }, settlement: { status: 'confirmed', txHash: summary!.txHash } })
    expect(StandardMerkleTree.verify(oz.root, [...VOTE_LEAF_ENCODING], counted.leaf!.values, counted.proof!)).toBe(true)
    expect(counted.leaf!.hash).toBe(oz.leafHash(counted.leaf!.values))
    for (const id of [revotes[1]!, ids[5]!, ids[11]!]) {
      const receipt = await getVoteReceipt(database.sql, { voteId: id })
      const encoded = encodeAbiParameters(VOTE_LEAF_ENCODING.map((type) => ({ type })), [receipt.leaf!.values[0], receipt.leaf!.values[1], receipt.leaf!.values[2], BigInt(receipt.leaf!.values[3])])
      expect(await clients.publicClient.readContract({ address: settlement, abi: arborSettlementAbi, functionName: 'verifyVote', args: [onChainProposalId(target.proposalId), encoded, receipt.proof!] })).toBe(true)
    }
    // a tampered leaf does not verify
    const tampered = encodeAbiParameters(VOTE_LEAF_ENCODING.map((type) => ({ type })), [counted.leaf!.values[0], counted.leaf!.values[1], ballotHash(1), BigInt(counted.leaf!.values[3])])
    expect(await clients.publicClient.readContract({ address: settlement, abi: arborSettlementAbi, functionName: 'verifyVote', args: [onChainProposalId(target.proposalId), tampered, counted.proof!] })).toBe(false)

    // the superseded vote's receipt says so and points to the counted one; it has no leaf
    const superseded = await getVoteReceipt(database.sql, { voteId: ids[1]! })
    expect(superseded).toMatchObject({ status: 'superseded', supersededBy: revotes[1], vote: { choice: 1, voter: keys[1]!.address, votingPower: powerOf(keys[1]!.address).toString() } })
    expect(superseded.leaf).toBeUndefined()
    expect(superseded.intake?.message.status).toBe('superseded')

    // run again: nothing is sent; one ProposalSettled
    const again = await settleProposals(database.sql, clients, { settlement, now: later() })
    expect(again.settled.filter((s) => s.proposalId === target.proposalId)).toEqual([])
    expect(await settledEvents(target.proposalId)).toHaveLength(1)
  })

  it('settles a proposal with no votes to EMPTY_VOTES_ROOT (count 0): Failed when it has actions, None without', async () => {
    const withActions = await newProposal({ actions: [{ target: '0x00000000000000000000000000000000000000b3', value: '5', calldata: '0x' }], withExecutor: true })
    const plain = await newProposal({ votingType: 'single_choice', choices: ['A', 'B'] })
    const run = await settleProposals(database.sql, clients, { settlement, now: later() })
    expect(run.errors).toEqual([])
    const byId = new Map(run.settled.map((s) => [s.proposalId, s]))
    expect(byId.get(withActions.proposalId)).toMatchObject({ status: 'confirmed', votesRoot: EMPTY_VOTES_ROOT, voteCount: 0, outcome: 'failed' })
    expect(byId.get(withActions.proposalId)!.actionsHash).not.toBe(zeroHash)
    expect(byId.get(plain.proposalId)).toMatchObject({ status: 'confirmed', votesRoot: EMPTY_VOTES_ROOT, voteCount: 0, outcome: 'none', actionsHash: zeroHash })
    const onChain = await clients.publicClient.readContract({ address: settlement, abi: arborSettlementAbi, functionName: 'proposalResult', args: [onChainProposalId(plain.proposalId)] })
    expect(onChain).toMatchObject({ votesRoot: EMPTY_VOTES_ROOT, voteCount: 0n, outcome: Outcome.None })
  })

  it('a basic proposal without an executor on its space, or not basic, settles None', async () => {
    const noExecutor = await newProposal({ actions: [{ target: '0x00000000000000000000000000000000000000b4', value: '0', calldata: '0x' }] })
    await vote(noExecutor, keys[20]!, 1)
    const [summary] = (await settleProposals(database.sql, clients, { settlement, now: later(), proposalId: noExecutor.proposalId })).settled
    expect(summary).toMatchObject({ status: 'confirmed', voteCount: 1, outcome: 'none', actionsHash: zeroHash })
  })

  it('an RPC that loses the answer to eth_sendRawTransaction: the retry finds the transaction, one ProposalSettled', async () => {
    const target = await newProposal()
    await vote(target, keys[21]!, 1)
    const nonce = await clients.publicClient.getTransactionCount({ address: settler.address })
    proxy.mode = 'drop-send'
    proxy.sends = 0
    const run = await settleProposals(database.sql, proxyClients(), { settlement, now: later(), proposalId: target.proposalId, ...fast })
    proxy.mode = 'pass'
    expect(run.errors).toEqual([])
    expect(run.settled[0]).toMatchObject({ status: 'confirmed', voteCount: 1 })
    expect(proxy.sends).toBe(1)
    expect(await settledEvents(target.proposalId)).toHaveLength(1)
    expect(await clients.publicClient.getTransactionCount({ address: settler.address })).toBe(nonce + 1)
  })

  it('the node goes away right after the send: the result stays submitted; the next run sends the same bytes or finds the receipt, never a second transaction', async () => {
    const target = await newProposal()
    await vote(target, keys[22]!, 2)
    const nonce = await clients.publicClient.getTransactionCount({ address: settler.address })
    proxy.mode = 'down-after-send'
    proxy.sends = 0
    const first = await settleProposals(database.sql, proxyClients(), { settlement, now: later(), proposalId: target.proposalId, ...fast })
    expect(first.settled[0]).toMatchObject({ status: 'submitted' })
    const { rows: [stored] } = await database.sql.query<{ status: string; tx_hash: string; raw_transaction: string }>('SELECT status::text AS status, tx_hash, raw_transaction FROM proposal_results WHERE proposal_id = $1', [target.proposalId])
    expect(stored!.status).toBe('submitted')
    // twice through the still-broken node: still submitted, nothing new reaches the chain
    const stuck = await settleProposals(database.sql, proxyClients(), { settlement, now: later(), proposalId: target.proposalId, ...fast })
    expect(stuck.settled[0]).toMatchObject({ status: 'submitted', txHash: stored!.tx_hash })
    proxy.mode = 'pass'
    const second = await settleProposals(database.sql, proxyClients(), { settlement, now: later(), proposalId: target.proposalId, ...fast })
    expect(second.settled[0]).toMatchObject({ status: 'confirmed', txHash: stored!.tx_hash })
    expect(proxy.sends).toBe(1)
    expect(await settledEvents(target.proposalId)).toHaveLength(1)
    expect(await clients.publicClient.getTransactionCount({ address: settler.address })).toBe(nonce + 1)
    const { rows: [state] } = await database.sql.query<{ state: string }>('SELECT state::text AS state FROM proposals WHERE id = $1', [target.proposalId])
    expect(state!.state).toBe('settled')
  })

  it('a result already on chain whose record was lost is recorded from the chain, not sent again', async () => {
    const target = await newProposal()
    await vote(target, keys[23]!, 1)
    const [first] = (await settleProposals(database.sql, clients, { settlement, now: later(), proposalId: target.proposalId })).settled
    await database.sql.query('DELETE FROM proposal_results WHERE proposal_id = $1', [target.proposalId])
    await database.sql.query(`UPDATE proposals SET state = 'active' WHERE id = $1`, [target.proposalId])
    const nonce = await clients.publicClient.getTransactionCount({ address: settler.address })
    const [again] = (await settleProposals(database.sql, clients, { settlement, now: later(), proposalId: target.proposalId })).settled
    expect(again).toMatchObject({ status: 'recorded', votesRoot: first!.votesRoot, txHash: first!.txHash, blockNumber: first!.blockNumber })
    expect(again!.error).toBeUndefined()
    expect(await clients.publicClient.getTransactionCount({ address: settler.address })).toBe(nonce)
    expect(await settledEvents(target.proposalId)).toHaveLength(1)
  })

  it('two settlers at once: each proposal is posted once', async () => {
    const targets = [await newProposal(), await newProposal(), await newProposal()]
    for (const [i, target] of targets.entries()) await vote(target, keys[24 + i]!, 1)
    const nonce = await clients.publicClient.getTransactionCount({ address: settler.address })
    const runs = await Promise.all([
      settleProposals(database.sql, clients, { settlement, now: later() }),
      settleProposals(database.sql, createChainClients({ rpcUrl: anvil.rpcUrl, chainId: anvil.chainId, account: settler.privateKey }), { settlement, now: later() }),
    ])
    expect(runs.flatMap((r) => r.errors)).toEqual([])
    for (const target of targets) {
      expect(await settledEvents(target.proposalId)).toHaveLength(1)
      // whichever settler got to it, it ends confirmed, and neither reports it otherwise
      const reports = runs.flatMap((r) => r.settled.filter((s) => s.proposalId === target.proposalId))
      expect(reports.length).toBeGreaterThanOrEqual(1)
      expect(reports.every((report) => report.status === 'confirmed')).toBe(true)
    }
    expect(await clients.publicClient.getTransactionCount({ address: settler.address })).toBe(nonce + targets.length)
  })

  it('a vote written without the intake (the demo seed) has a receipt without an intake part', async () => {
    const target = await newProposal()
    const id = `0x${'ab'.repeat(32)}` as Hex
    await database.sql.query(
      `INSERT INTO votes (proposal_id, voter, choice, voting_power, timestamp, message_id) VALUES ($1, $2, '2'::jsonb, 7, now(), $3)`,
      [target.proposalId, keys[30]!.address, id],
    )
    expect(await getVoteReceipt(database.sql, { voteId: id })).toMatchObject({ status: 'accepted', vote: { choice: 2, votingPower: '7' } })
    await settleProposals(database.sql, clients, { settlement, now: later(), proposalId: target.proposalId })
    const receipt = await getVoteReceipt(database.sql, { voteId: id.toUpperCase().replace('0X', '0x') })
    expect(receipt.intake).toBeUndefined()
    expect(receipt).toMatchObject({ status: 'counted', leaf: { values: [id, keys[30]!.address, ballotHash(2), '7'] }, proof: [] })
    expect(StandardMerkleTree.verify(receipt.votesRoot!, [...VOTE_LEAF_ENCODING], receipt.leaf!.values, receipt.proof!)).toBe(true)
  })

  it('an account without SETTLER_ROLE: the settlement is refused before anything is signed or stored', async () => {
    const target = await newProposal()
    await vote(target, keys[31]!, 1)
    const stranger = createChainClients({ rpcUrl: anvil.rpcUrl, chainId: anvil.chainId, account: devAccounts[9].privateKey })
    const run = await settleProposals(database.sql, stranger, { settlement, now: later(), proposalId: target.proposalId })
    expect(run.settled).toEqual([])
    expect(run.errors).toEqual([{ proposalId: target.proposalId, message: expect.stringMatching(/would revert with AccessControlUnauthorizedAccount/) }])
    const { rows } = await database.sql.query('SELECT 1 FROM proposal_results WHERE proposal_id = $1', [target.proposalId])
    expect(rows).toEqual([])
    expect(await clients.publicClient.getTransactionCount({ address: devAccounts[9].address })).toBe(0)
  })

  it('receipt ids: malformed is a validation error naming id, unknown is not found', async () => {
    await expect(getVoteReceipt(database.sql, { voteId: '0x1234' })).rejects.toMatchObject({ code: 'validation', details: { field: 'id' } })
    await expect(getVoteReceipt(database.sql, { voteId: `0x${'cd'.repeat(32)}` })).rejects.toMatchObject({ code: 'not_found' })
  })
})
