/**
 * `arbor receipt verify receipt.json --rpc URL` as a voter runs it: the real bin in a child process,
 * no database in its environment. The receipts come from `getVoteReceipt` over a real database
 * whose votes came through the real intake engine (one voter votes twice); the proposal is settled
 * on anvil directly with the settler account (ArborSettlement deployed as in
 * tests/contracts/settlement.test.ts), and the intake batches checkpointed with `settleCheckpoint`.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { keccak256, toHex, type Address, type Hex } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAnvil, type StartAnvilReturnType } from '@/lib/chain/anvil'
import { createChainClients } from '@/lib/chain/clients'
import { arborSettlementAbi, arborSettlementBytecode } from '@/lib/chain/contracts'
import { deployContract } from '@/lib/chain/deploy-contract'
import { deployDemoContracts } from '@/lib/chain/deploy-demo'
import { devAccounts } from '@/lib/chain/dev-accounts'
import { childProcessEnv } from '@/lib/env'
import { getVoteReceiptView } from '@/lib/governance/get-vote-receipt-view'
import { getVoteReceipt } from '@/lib/governance/settlement/get-vote-receipt'
import { onChainProposalId, VOTE_LEAF_ENCODING, voteLeafValues } from '@/lib/governance/settlement/vote-leaf'
import { createIntakeEngine, type IntakeEngine } from '@/lib/intake/create-intake-engine'
import { createVoteEligibility } from '@/lib/intake/create-vote-eligibility'
import { createVerifierPool } from '@/lib/intake/verifier-pool'
import { createVoteMessageType } from '@/lib/intake/vote-message'
import { buildTree } from '@/lib/merkle'
import { getSettlementTarget } from '@/lib/settlement/get-settlement-clients'
import { settleCheckpoint } from '@/lib/settlement/settle-checkpoint'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { seedProposals, signVote, type VoteTarget } from '../intake/support/fixtures'

const bin = path.resolve('scripts/arbor.js')
const settler = devAccounts[0]
const key = (i: number) => ({ privateKey: devAccounts[i]!.privateKey, address: devAccounts[i]!.address.toLowerCase() })

let dir: string
let database: TestDatabase
let anvil: StartAnvilReturnType
let engine: IntakeEngine
let settlement: Address
let target: VoteTarget
const ids: Record<'first' | 'second' | 'other' | 'third', string> = { first: '', second: '', other: '', third: '' }

/** Runs the bin with no DATABASE_URL in reach: the CLI must not need one. */
function arbor(receipt: unknown, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const file = path.join(dir, `receipt-${Math.random().toString(36).slice(2)}.json`)
  writeFileSync(file, typeof receipt === 'string' ? receipt : JSON.stringify(receipt, null, 2))
  // undefined values are left out of the child's environment
  const env = childProcessEnv({ DATABASE_URL: undefined, TEST_DATABASE_URL: undefined, SETTLEMENT_ADDRESS: undefined, SETTLER_PRIVATE_KEY: undefined })
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, 'receipt', 'verify', file, ...args], { encoding: 'utf8', env }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr })
    })
  })
}

const receiptOf = (id: string) => getVoteReceipt(database.sql, { voteId: id, settlementAddress: settlement })

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'arbor-receipt-'))
  ;[database, anvil] = await Promise.all([createTestDatabase(), startAnvil()])
  const clients = createChainClients({ rpcUrl: anvil.rpcUrl, chainId: anvil.chainId, account: settler.privateKey })
  const demo = await deployDemoContracts(clients, { holder: settler.address })
  settlement = (await deployContract(clients, { abi: arborSettlementAbi, bytecode: arborSettlementBytecode, args: [settler.address, settler.address] })).address
  const [proposalId] = await seedProposals(database.sql, { chainId: anvil.chainId, token: demo.token, snapshotBlock: demo.blockNumber, votingType: 'approval', choices: ['Audits', 'Education', 'Tooling'] })
  target = { proposalId: proposalId!, chainId: anvil.chainId, token: demo.token }
  engine = createIntakeEngine({
    sql: database.sql,
    types: [createVoteMessageType(createVoteEligibility({ sql: database.sql, client: clients.publicClient, proposalTtlMs: 0 }))],
    flushMs: 5,
    pool: createVerifierPool({ size: 1 }),
  })
  const now = Math.floor(Date.now() / 1000)
  const votes = [
    ['first', await signVote(key(1), target, { choices: [1, 2], reason: 'both', timestamp: now - 60 })],
    ['other', await signVote(key(2), target, { choices: [3], timestamp: now - 30 })],
    ['second', await signVote(key(1), target, { choices: [2], reason: 'changed my mind', timestamp: now - 10 })],
  ] as const
  for (const [name, vote] of votes) {
    const [outcome] = await engine.submit('vote', [vote])
    if (!outcome || outcome instanceof Error) throw outcome ?? new Error('no outcome')
    ids[name] = vote.id
  }
})

afterAll(async () => {
  await engine?.close()
  await database?.drop()
  await anvil?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe('arbor receipt verify', () => {
  it('before settlement: accepted, not yet counted; pending until the batch is in an on-chain checkpoint, then verified as accepted', async () => {
    const before = await receiptOf(ids.second)
    expect(before.status).toBe('accepted')
    const pending = await arbor(before, '--rpc', anvil.rpcUrl)
    expect(pending.code).toBe(1)
    expect(pending.stdout).toContain('NOT VERIFIED: Accepted, not yet counted')

    await settleCheckpoint(database.sql, { settlement: getSettlementTarget({ address: settlement, privateKey: settler.privateKey, rpcUrl: anvil.rpcUrl, chainId: anvil.chainId }) })
    const checkpointed = await receiptOf(ids.second)
    expect(checkpointed.intake?.checkpoint?.seq).toBe(1)
    const run = await arbor(checkpointed, '--rpc', anvil.rpcUrl)
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(run.stdout).toContain(`· Checkpoint root: ArborSettlement at ${settlement.toLowerCase()}: checkpoint(1).root = `)
    expect(run.stdout).toMatch(/✓ Contract: ArborSettlement\.verifyCheckpointEntry\(…\) eth_call answered true/)
    expect(run.stdout).toContain('VERIFIED: Accepted, not yet counted: verified on-chain in intake checkpoint 1')
  })

  it('after settlement: the counted vote verifies against the votes root read from the chain, printing each check', async () => {
    // Settle directly with the settler: the counted votes (one per voter, the re-vote replacing the first) as the settlement engine commits them.
    const { rows } = await database.sql.query<{ message_id: string; voter: string; choice: number[]; voting_power: string }>(
      'SELECT message_id, voter, choice, voting_power::text FROM votes WHERE proposal_id = $1',
      [target.proposalId],
    )
    expect(rows.map((r) => r.message_id).sort()).toEqual([ids.second, ids.other].sort())
    const tree = buildTree({ values: rows.map((r) => voteLeafValues({ id: r.message_id as Hex, voter: r.voter as Address, choice: r.choice, votingPower: BigInt(r.voting_power) })), leafEncoding: VOTE_LEAF_ENCODING })
    const clients = createChainClients({ rpcUrl: anvil.rpcUrl, chainId: anvil.chainId, account: settler.privateKey })
    const hash = await clients.walletClient.writeContract({
      address: settlement,
      abi: arborSettlementAbi,
      functionName: 'settleProposal',
      args: [onChainProposalId(target.proposalId), tree.root, keccak256(toHex('tally')), 2n, 0, `0x${'0'.repeat(64)}`],
    })
    expect((await clients.publicClient.waitForTransactionReceipt({ hash })).status).toBe('success')
    await database.sql.query("INSERT INTO proposal_results (proposal_id, votes_root, tally_hash, vote_count, tx_hash, status) VALUES ($1, $2, $3, 2, $4, 'confirmed')", [target.proposalId, tree.root, keccak256(toHex('tally')), hash])
    await database.sql.query("UPDATE proposals SET state = 'settled' WHERE id = $1", [target.proposalId])

    const counted = await receiptOf(ids.second)
    expect(counted).toMatchObject({ status: 'counted', votesRoot: tree.root, vote: { choice: [2], reason: 'changed my mind' } })
    const run = await arbor(counted, '--rpc', anvil.rpcUrl)
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    const lines = run.stdout.split('\n')
    expect(lines).toContain(`· RPC: Asked ${anvil.rpcUrl}: chain id ${anvil.chainId}.`)
    expect(lines.some((l) => /^· Block: Read at block \d+\.$/.test(l))).toBe(true)
    expect(lines).toContain(`· Votes root: ArborSettlement at ${settlement.toLowerCase()}: proposalResult(${onChainProposalId(target.proposalId)}).votesRoot = ${tree.root}.`)
    expect(lines.some((l) => l.startsWith('✓ Leaf: Recomputed from the vote'))).toBe(true)
    expect(lines.some((l) => l.startsWith(`✓ Proof: The 1-node proof leads from the leaf to ${tree.root}`))).toBe(true)
    expect(lines).toContain('✓ Contract: ArborSettlement.verifyVote(…) eth_call answered true.')
    expect(run.stdout).toMatch(/VERIFIED: Verified on-chain/)
    expect(run.stdout).toMatch(/verification took \d+\.\d\d ms after the root was read/)

    const json = await arbor(counted, '--rpc', anvil.rpcUrl, '--json')
    expect(JSON.parse(json.stdout.trim().split('\n').at(-1)!)).toMatchObject({ outcome: 'verified', rootRead: tree.root, rootComputed: tree.root, contractAgrees: true })
  })

  it('a receipt with a changed power, ballot or proof node exits 1 and says what did not match', async () => {
    const counted = await receiptOf(ids.other)
    const power = await arbor({ ...counted, vote: { ...counted.vote, votingPower: (BigInt(counted.vote.votingPower) * 2n).toString() } }, '--rpc', anvil.rpcUrl)
    expect(power.code).toBe(1)
    expect(power.stdout).toMatch(/✗ Leaf: Recomputed from the vote/)
    expect(power.stdout).toMatch(/✗ Proof: The 1-node proof leads to 0x[0-9a-f]{64}, not the root on-chain/)
    expect(power.stdout).toContain('✗ Contract: ArborSettlement.verifyVote(…) eth_call answered false.')
    expect(power.stdout).toContain('NOT VERIFIED: Not included')
    const ballot = await arbor({ ...counted, vote: { ...counted.vote, choice: [1] } }, '--rpc', anvil.rpcUrl)
    expect(ballot.code).toBe(1)
    const node = await arbor({ ...counted, proof: [keccak256(counted.proof![0] as Hex)] }, '--rpc', anvil.rpcUrl)
    expect(node.code).toBe(1)
    expect(node.stdout).toContain('NOT VERIFIED: Not included')
  })

  it('the replaced vote exits 1 and names the vote that counted', async () => {
    const superseded = await receiptOf(ids.first)
    expect(superseded).toMatchObject({ status: 'superseded', supersededBy: ids.second, vote: { choice: [1, 2], reason: 'both' } })
    const run = await arbor(superseded, '--rpc', anvil.rpcUrl)
    expect(run.code).toBe(1)
    expect(run.stdout).toContain(`NOT VERIFIED: This vote was replaced by a later vote (${ids.second}) and was not counted`)
  })

  it('getVoteReceiptView: a vote written without the intake (demo data) is found by its id; an unknown id is not found', async () => {
    const [proposalId] = await seedProposals(database.sql, { chainId: anvil.chainId, token: target.token, votingType: 'weighted', choices: ['A', 'B', 'C'], state: 'closed' })
    const id = keccak256(toHex('demo vote'))
    await database.sql.query(
      `INSERT INTO votes (proposal_id, voter, choice, reason, voting_power, timestamp, message_id) VALUES ($1, $2, '{"1": 2, "3": 1}', 'seeded', 42, now(), $3)`,
      [proposalId, devAccounts[4]!.address.toLowerCase(), id],
    )
    const { receipt, proposal } = await getVoteReceiptView(database.sql, { voteId: id.toUpperCase().replace('0X', '0x'), settlementAddress: settlement })
    expect(receipt).toMatchObject({ status: 'accepted', vote: { id, choice: { 1: 2, 3: 1 }, votingPower: '42', reason: 'seeded' }, settlement: { chainId: anvil.chainId, address: settlement.toLowerCase() } })
    expect(receipt.intake).toBeUndefined()
    expect(proposal).toMatchObject({ votingType: 'weighted', choices: ['A', 'B', 'C'], state: 'closed' })
    await expect(getVoteReceipt(database.sql, { voteId: keccak256(toHex('nobody')) })).rejects.toMatchObject({ name: 'NotFoundError', details: { field: 'id' } })
  })

  it('a wrong network, a file that is not a receipt, and usage mistakes', async () => {
    const counted = await receiptOf(ids.second)
    const otherChain = await arbor({ ...counted, settlement: { ...counted.settlement, chainId: 1 } }, '--rpc', anvil.rpcUrl)
    expect(otherChain.code).toBe(1)
    expect(otherChain.stdout).toContain('✗ Chain: The receipt was settled on chain 1, this RPC serves chain 31337.')
    const notReceipt = await arbor({ vote: { id: 'nope' } }, '--rpc', anvil.rpcUrl)
    expect(notReceipt.code).toBe(1)
    expect(notReceipt.stderr).toMatch(/is not a vote receipt: vote\.id: expected 0x \+ 64 hex/)
    const noRpc = await arbor(counted)
    expect(noRpc.code).toBe(2)
    expect(noRpc.stderr).toMatch(/--rpc must be an http\(s\) URL/)
    const down = await arbor(counted, '--rpc', 'http://127.0.0.1:9')
    expect(down.code).toBe(1)
    expect(down.stderr).toMatch(/could not verify against http:\/\/127\.0\.0\.1:9/)
  })
})
