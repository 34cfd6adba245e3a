/**
 * The integration test: 10,000 votes through the intake engine on one proposal (some voters
 * vote again), settled by `arbor settle proposals` on a real anvil; a sample of receipts verified by
 * OpenZeppelin (`MerkleProof` in ArborSettlement.verifyVote, and StandardMerkleTree.verify); the
 * audit export downloaded and checked by `arbor tally verify --rpc` in a child process; a tampered
 * export fails.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { StandardMerkleTree } from '@openzeppelin/merkle-tree'
import { encodeAbiParameters, type Address, type Hex } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAnvil, type StartAnvilReturnType } from '@/lib/chain/anvil'
import { createChainClients } from '@/lib/chain/clients'
import { arborSettlementAbi, arborSettlementBytecode } from '@/lib/chain/contracts/ArborSettlement'
import { deployContract } from '@/lib/chain/deploy-contract'
import { devAccounts } from '@/lib/chain/dev-accounts'
import { exportSettledProposal, settledExportChunks, type SettledProposalExport } from '@/lib/governance/settlement/export-settled-proposal'
import { getVoteReceipt } from '@/lib/governance/settlement/get-vote-receipt'
import { onChainProposalId, VOTE_LEAF_ENCODING } from '@/lib/governance/settlement/vote-leaf'
import { createIntakeEngine, type IntakeEngine } from '@/lib/intake/create-intake-engine'
import { createVoteEligibility } from '@/lib/intake/create-vote-eligibility'
import { createVerifierPool } from '@/lib/intake/verifier-pool'
import { createVoteMessageType } from '@/lib/intake/vote-message'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { createTestKeys, seedProposals, signVote, type TestKey, type VoteTarget } from '../intake/support/fixtures'

const VOTES = 10_000
const REVOTES = 300
let database: TestDatabase
let anvil: StartAnvilReturnType
let engine: IntakeEngine
let settlement: Address
let clients: ReturnType<typeof createChainClients<`0x${string}`>>
let keys: TestKey[]
let target: VoteTarget
let dir: string
const settler = devAccounts[0]
const executor = '0x00000000000000000000000000000000000000e1'
const hour = 3_600
const nowSeconds = () => Math.floor(Date.now() / 1000)
const firstIds: Hex[] = []
const revoteIds: Hex[] = []

function arbor(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.resolve('scripts/arbor.js'), ...args], { encoding: 'utf8', maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr })
    })
  })
}

beforeAll(async () => {
  ;[database, anvil] = await Promise.all([createTestDatabase(), startAnvil()])
  dir = mkdtempSync(path.join(tmpdir(), 'arbor-audit-'))
  clients = createChainClients({ rpcUrl: anvil.rpcUrl, chainId: anvil.chainId, account: settler.privateKey })
  settlement = (await deployContract(clients, { abi: arborSettlementAbi, bytecode: arborSettlementBytecode, args: [settler.address, settler.address] })).address
  keys = await createTestKeys(VOTES)
  const power = new Map(keys.map((key, i) => [key.address, BigInt(1 + (i % 97)) * 10n ** 18n]))
  // The voting window closed an hour ago; the engine's clock is set inside it.
  const [proposalId] = await seedProposals(database.sql, {
    chainId: anvil.chainId,
    token: '0x00000000000000000000000000000000000000a1',
    votingType: 'basic',
    startAt: new Date((nowSeconds() - 3 * hour) * 1000),
    endAt: new Date((nowSeconds() - hour) * 1000),
  })
  target = { proposalId: proposalId!, chainId: anvil.chainId, token: '0x00000000000000000000000000000000000000a1' }
  await database.sql.query(`UPDATE proposals SET actions = '[{"target":"0x00000000000000000000000000000000000000b2","value":"1","calldata":"0x"}]'::jsonb WHERE id = $1`, [proposalId])
  await database.sql.query('UPDATE spaces SET executor_address = $2 FROM proposals p WHERE p.id = $1 AND spaces.id = p.space_id', [proposalId, executor])
  const base = createVoteEligibility({ sql: database.sql, client: clients.publicClient, proposalTtlMs: 0 })
  engine = createIntakeEngine({
    sql: database.sql,
    types: [createVoteMessageType({ ...base, getVotingPowers: async (_proposal, voters) => voters.map((voter) => power.get(voter) ?? 0n) })],
    flushMs: 5,
    now: () => nowSeconds() - 2 * hour,
    pool: createVerifierPool({ size: 1 }),
  })
}, 300_000)

afterAll(async () => {
  await engine?.close()
  await database?.drop()
  await anvil?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

async function submitAll(signed: Awaited<ReturnType<typeof signVote>>[]) {
  for (let i = 0; i < signed.length; i += 1_000) {
    const outcomes = await engine.submit('vote', signed.slice(i, i + 1_000))
    const refused = outcomes.find((outcome) => outcome instanceof Error)
    if (refused) throw refused
  }
}

describe(`${VOTES} votes through the intake engine, settled and audited`, () => {
  it('settles with arbor settle proposals; sampled receipts verify with OpenZeppelin on chain and off; superseded votes are left out', async () => {
    const votedAt = nowSeconds() - 2 * hour - 60
    const first = await Promise.all(keys.map((key, i) => signVote(key, target, { choice: 1 + (i % 3), timestamp: votedAt })))
    firstIds.push(...first.map((s) => s.id as Hex))
    await submitAll(first)
    const again = await Promise.all(keys.slice(0, REVOTES).map((key) => signVote(key, target, { choice: 2, timestamp: votedAt + 30 })))
    revoteIds.push(...again.map((s) => s.id as Hex))
    await submitAll(again)

    // The CLI, in this process so it shares the test database (PGlite or Postgres).
    Object.assign(globalThis, { __arborDatabase: { ...database.database, close: async () => {} } })
    const { run } = await import('@/scripts/cli/settle')
    const out: string[] = []
    const write = process.stdout.write.bind(process.stdout)
    process.stdout.write = ((chunk: string) => (out.push(String(chunk)), true)) as typeof process.stdout.write
    let code: number
    try {
      code = await run(['proposals', '--settlement', settlement, '--private-key', settler.privateKey, '--rpc-url', anvil.rpcUrl, '--chain-id', String(anvil.chainId)])
    } finally {
      process.stdout.write = write
      Object.assign(globalThis, { __arborDatabase: undefined })
    }
    expect(code).toBe(0)
    const result = JSON.parse(out.join('').trim().split('\n').at(-1)!) as { settled: { proposalId: string; status: string; voteCount: number; votesRoot: Hex }[] }
    expect(result.settled).toEqual([expect.objectContaining({ proposalId: target.proposalId, status: 'confirmed', voteCount: VOTES })])
    const root = result.settled[0]!.votesRoot
    const onChain = await clients.publicClient.readContract({ address: settlement, abi: arborSettlementAbi, functionName: 'proposalResult', args: [onChainProposalId(target.proposalId)] })
    expect(onChain).toMatchObject({ votesRoot: root, voteCount: BigInt(VOTES) })

    const sample = [...revoteIds.slice(0, 5), ...Array.from({ length: 15 }, (_, k) => firstIds[REVOTES + Math.floor(((k + 1) * (VOTES - REVOTES)) / 16)]!)]
    for (const id of sample) {
      const receipt = await getVoteReceipt(database.sql, { voteId: id })
      expect(receipt).toMatchObject({ status: 'counted', votesRoot: root, settlement: { status: 'confirmed', address: settlement.toLowerCase() } })
      expect(receipt.proof!.length).toBeGreaterThanOrEqual(13)
      expect(StandardMerkleTree.verify(root, [...VOTE_LEAF_ENCODING], receipt.leaf!.values, receipt.proof!)).toBe(true)
      const [leafId, voter, ballot, votingPower] = receipt.leaf!.values
      const encoded = encodeAbiParameters(VOTE_LEAF_ENCODING.map((type) => ({ type })), [leafId, voter, ballot, BigInt(votingPower)])
      expect(await clients.publicClient.readContract({ address: settlement, abi: arborSettlementAbi, functionName: 'verifyVote', args: [onChainProposalId(target.proposalId), encoded, receipt.proof!] })).toBe(true)
    }
    const superseded = await getVoteReceipt(database.sql, { voteId: firstIds[7]! })
    expect(superseded).toMatchObject({ status: 'superseded', supersededBy: revoteIds[7] })
  }, 300_000)

  let exported: SettledProposalExport
  let file: string

  it('exports every counted vote, and arbor tally verify --rpc passes every check', async () => {
    exported = await exportSettledProposal(database.sql, { proposalId: target.proposalId })
    expect(exported.votes).toHaveLength(VOTES)
    expect(new Set(exported.votes.map((v) => v.id)).has(firstIds[7]!)).toBe(false)
    file = path.join(dir, 'export.json')
    const text = [...settledExportChunks(exported)].join('')
    expect(JSON.parse(text)).toEqual(exported)
    writeFileSync(file, text)
    const verified = await arbor(['tally', 'verify', file, '--rpc', anvil.rpcUrl])
    expect(verified.stderr).toBe('')
    expect(verified.code).toBe(0)
    for (const name of ['signed messages', 'leaves', 'proofs', 'votes root', 'tally hash', 'outcome', 'actions hash', 'on-chain votes root', 'on-chain tally hash', 'on-chain vote count', 'on-chain outcome']) {
      expect(verified.stdout).toMatch(new RegExp(`^PASS  ${name}:`, 'm'))
    }
    expect(verified.stdout).not.toMatch(/^FAIL/m)
  }, 300_000)

  it("exports the executor the result bound, not the space's executor after a later change", async () => {
    await database.sql.query('UPDATE spaces SET executor_address = $2 FROM proposals p WHERE p.id = $1 AND spaces.id = p.space_id', [target.proposalId, '0x00000000000000000000000000000000000000e2'])
    try {
      const again = await exportSettledProposal(database.sql, { proposalId: target.proposalId })
      expect(again.proposal.executor).toBe(executor)
    } finally {
      await database.sql.query('UPDATE spaces SET executor_address = $2 FROM proposals p WHERE p.id = $1 AND spaces.id = p.space_id', [target.proposalId, executor])
    }
  })

  it('a tampered export fails, naming the checks that broke', async () => {
    const write = (name: string, value: SettledProposalExport) => {
      const at = path.join(dir, name)
      writeFileSync(at, JSON.stringify(value))
      return at
    }
    // one ballot changed (as if a vote were recounted for another choice)
    const changed = structuredClone(exported)
    const vote = changed.votes[42]!
    vote.choice = vote.choice === 1 ? 2 : 1
    const run1 = await arbor(['tally', 'verify', write('changed.json', changed), '--rpc', anvil.rpcUrl])
    expect(run1.code).toBe(1)
    expect(run1.stdout).toMatch(/^FAIL  leaves: 1 of 10000/m)
    expect(run1.stdout).toMatch(/^FAIL  votes root:/m)
    expect(run1.stdout).toMatch(/^FAIL  tally hash:/m)
    expect(run1.stdout).toMatch(/^FAIL  signed messages: 1 of 10000 signed votes do not match their leaf; first: vote 42 .*casts another ballot/m)

    // a signed message rewritten: it no longer hashes to the vote's id
    const forged = structuredClone(exported)
    forged.votes[7]!.signed!.message.reason = 'rewritten'
    const run0 = await arbor(['tally', 'verify', write('forged.json', forged), '--rpc', anvil.rpcUrl])
    expect(run0.code).toBe(1)
    expect(run0.stdout).toMatch(/^FAIL  signed messages: .*does not hash to its id/m)
    expect(run0.stdout).toMatch(/^PASS  on-chain votes root:/m)

    // a vote dropped, with the committed root and tally rewritten to match the rest: the chain disagrees
    const dropped = structuredClone(exported)
    dropped.votes.splice(10, 1)
    const { computeSettlement } = await import('@/lib/governance/settlement/compute-settlement')
    const recomputed = computeSettlement(
      { proposalId: dropped.proposal.id, votingType: 'basic', choiceCount: 3, maxPicks: null, quorum: 0n, actions: dropped.proposal.actions, executor: dropped.proposal.executor },
      dropped.votes.map((v) => ({ id: v.id, voter: v.voter, choice: v.choice, votingPower: BigInt(v.votingPower) })),
    )
    dropped.result = { ...dropped.result, votesRoot: recomputed.votesRoot, tallyHash: recomputed.tallyHash, voteCount: VOTES - 1 }
    dropped.votes = dropped.votes.map((v, i) => ({ ...v, proof: recomputed.tree.proofOf(i) }))
    const run2 = await arbor(['tally', 'verify', write('dropped.json', dropped), '--rpc', anvil.rpcUrl])
    expect(run2.code).toBe(1)
    expect(run2.stdout).toMatch(/^PASS  votes root:/m)
    expect(run2.stdout).toMatch(/^FAIL  on-chain votes root:/m)
    expect(run2.stdout).toMatch(/^FAIL  on-chain vote count:/m)

    // the untampered export, but without a chain to compare with: not a pass
    const offline = await arbor(['tally', 'verify', file])
    expect(offline.code).toBe(1)
    expect(offline.stdout).toMatch(/^FAIL  on-chain result: not checked/m)
  }, 300_000)
})
