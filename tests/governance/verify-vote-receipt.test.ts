/**
 * verifyVoteReceipt against a real ArborSettlement on anvil: real votes trees (lib/merkle, the OZ
 * layout the settlement commits), a real intake batch tree and checkpoint, and receipts tampered
 * the ways a dishonest server (or a typo) would: power, ballot, a proof node, the chain.
 */
import { createPublicClient, custom, http, keccak256, toHex, type Address, type Hex, type PublicClient } from 'viem'
import type { PrivateKeyAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAnvil, type StartAnvilReturnType } from '@/lib/chain/anvil'
import { createChainClients, type ChainClients } from '@/lib/chain/clients'
import { arborSettlementAbi, arborSettlementBytecode } from '@/lib/chain/contracts'
import { deployContract } from '@/lib/chain/deploy-contract'
import { onChainProposalId, VOTE_LEAF_ENCODING, voteLeafValues, type CountedVote } from '@/lib/governance/settlement/vote-leaf'
import { verifyVoteReceipt, voteReceiptSchema, type VerifiableVoteReceipt as VoteReceipt } from '@/lib/governance/settlement/verify-vote-receipt'
import { buildBatchTree } from '@/lib/intake/batch-tree'
import { buildTree, bytesToHex, getProof, standardLeafHash } from '@/lib/merkle'
import { buildCheckpointTree } from '@/lib/settlement/checkpoint-tree'
import { devSigners, mined } from '../contracts/helpers'

const [admin, settler] = devSigners as [PrivateKeyAccount, PrivateKeyAccount]
const proposalUuid = '6f1c1c1e-8a43-4b57-9a43-0c7f2b1d9e10'
const openProposalUuid = '0d9b4a52-3f7e-4d2a-b6a1-54c1d0e3f7aa'
const zero: Hex = `0x${'0'.repeat(64)}`

/** Six counted votes of different shapes: a choice, an approval set, weights; powers in wei. */
const votes: CountedVote[] = [1, 2, [1, 3], { 1: 2, 3: 1 }, 3, [2]].map((choice, i) => ({
  id: keccak256(toHex(`vote-${i}`)),
  voter: devSigners[i + 1]!.address.toLowerCase() as Address,
  choice,
  votingPower: 10n ** 18n * BigInt(1000 + i) + 7n,
}))
const tree = buildTree({ values: votes.map(voteLeafValues), leafEncoding: VOTE_LEAF_ENCODING })

function countedReceipt(i: number, settlement: Address): VoteReceipt {
  const vote = votes[i]!
  const values = voteLeafValues(vote)
  return {
    vote: {
      id: vote.id,
      proposalId: proposalUuid,
      onChainProposalId: onChainProposalId(proposalUuid),
      voter: vote.voter,
      choice: vote.choice as VoteReceipt['vote']['choice'],
      votingPower: vote.votingPower.toString(),
      reason: '',
      timestamp: '2026-11-30T12:00:00.000Z',
    },
    status: 'counted',
    leaf: { values: [values[0], values[1], values[2], values[3].toString()], hash: bytesToHex(standardLeafHash(VOTE_LEAF_ENCODING, values)) },
    proof: getProof(tree, i),
    votesRoot: tree.root,
    settlement: { chainId: 31337, address: settlement, txHash: null, status: 'confirmed' },
  }
}

// An intake batch of 5 messages on the open proposal, and a checkpoint over 3 batches.
const batchIds = Array.from({ length: 5 }, (_, i) => keccak256(toHex(`message-${i}`)))
const batch = buildBatchTree(batchIds)
const checkpointBatches = [
  { id: 40, root: keccak256(toHex('other-40')) },
  { id: 41, root: batch.root },
  { id: 42, root: keccak256(toHex('other-42')) },
]
const checkpointTree = buildCheckpointTree(checkpointBatches)

function acceptedReceipt(settlement: Address, withCheckpoint: boolean, seq = 1): VoteReceipt {
  const id = batchIds[2]!
  return {
    vote: { id, proposalId: openProposalUuid, onChainProposalId: onChainProposalId(openProposalUuid), voter: devSigners[1]!.address, choice: 2, votingPower: '5', reason: 'why not', timestamp: '2026-11-30T12:00:00.000Z' },
    status: 'accepted',
    intake: {
      message: { id },
      batch: { id: 41, root: batch.root },
      proof: batch.proofOf(id),
      checkpoint: withCheckpoint ? { seq, root: checkpointTree.root, leaf: { batchId: 41, batchRoot: batch.root }, proof: checkpointTree.proofOf(41) } : null,
    },
    settlement: { chainId: 31337, address: settlement, txHash: null, status: 'not settled' },
  }
}

describe('verifyVoteReceipt on anvil', () => {
  let anvil: StartAnvilReturnType
  let clients: ChainClients
  let client: PublicClient
  let settlement: Address

  beforeAll(async () => {
    anvil = await startAnvil()
    clients = createChainClients({ rpcUrl: anvil.rpcUrl, chainId: anvil.chainId, account: admin })
    client = createPublicClient({ transport: http(anvil.rpcUrl) })
    settlement = (await deployContract(clients, { abi: arborSettlementAbi, bytecode: arborSettlementBytecode, args: [admin.address, settler.address] })).address
    const write = (functionName: string, args: readonly unknown[]) =>
      mined(clients.publicClient, clients.walletClient.writeContract({ address: settlement, abi: arborSettlementAbi, functionName, args, account: settler } as never))
    await write('settleProposal', [onChainProposalId(proposalUuid), tree.root, keccak256(toHex('tally')), BigInt(votes.length), 0, zero])
    await write('postCheckpoint', [1n, checkpointTree.root, 3n])
  })

  afterAll(async () => {
    await anvil?.stop()
  })

  it('verifies every counted vote against the root read from the chain, and the contract agrees', async () => {
    for (let i = 0; i < votes.length; i++) {
      const result = await verifyVoteReceipt(countedReceipt(i, settlement), { client })
      expect(result.outcome, result.summary).toBe('verified')
      expect(result.verified).toBe(true)
      expect(result.rpc).toBe(anvil.rpcUrl)
      expect(result.chainId).toBe(31337)
      expect(result.rootRead).toBe(tree.root)
      expect(result.rootComputed).toBe(tree.root)
      expect(result.contractAgrees).toBe(true)
      expect(result.blockNumber).toBe(await client.getBlockNumber({ cacheTime: 0 }))
      expect(result.verifyMs).toBeGreaterThanOrEqual(0)
      expect(result.target).toEqual({ kind: 'votes-root', onChainProposalId: onChainProposalId(proposalUuid) })
      expect(result.steps.find((s) => s.check === 'Leaf')?.ok).toBe(true)
    }
  })

  it('survives the JSON round trip the download and the CLI go through', async () => {
    const parsed = voteReceiptSchema.parse(JSON.parse(JSON.stringify(countedReceipt(3, settlement))))
    expect((await verifyVoteReceipt(parsed, { client })).outcome).toBe('verified')
  })

  it('reads through an EIP-1193 provider as the browser does, and names it', async () => {
    const provider = { request: ({ method, params }: { method: string; params?: unknown }) => client.request({ method, params } as never) }
    const result = await verifyVoteReceipt(countedReceipt(0, settlement), { client: createPublicClient({ transport: custom(provider) }) })
    expect(result.outcome).toBe('verified')
    expect(result.rpc).toBe("the wallet's provider")
  })

  it('refuses a receipt whose power was raised by one wei', async () => {
    const receipt = countedReceipt(1, settlement)
    receipt.vote.votingPower = (votes[1]!.votingPower + 1n).toString()
    const result = await verifyVoteReceipt(receipt, { client })
    expect(result.outcome).toBe('not-included')
    expect(result.verified).toBe(false)
    expect(result.rootRead).toBe(tree.root)
    expect(result.rootComputed).not.toBe(tree.root)
    expect(result.contractAgrees).toBe(false)
    expect(result.steps.find((s) => s.check === 'Leaf')).toMatchObject({ ok: false })
    expect(result.summary).toMatch(/Not included/)
  })

  it("recomputes the leaf and never takes the receipt's word for it", async () => {
    const receipt = countedReceipt(4, settlement)
    receipt.leaf!.hash = keccak256(zero)
    const result = await verifyVoteReceipt(receipt, { client })
    expect(result.steps.find((s) => s.check === 'Leaf')).toMatchObject({ ok: false })
    expect(result.leafHash).toBe(bytesToHex(standardLeafHash(VOTE_LEAF_ENCODING, voteLeafValues(votes[4]!))))
  })

  it('refuses a receipt whose ballot was changed (another choice, or other weights)', async () => {
    const single = countedReceipt(0, settlement)
    single.vote.choice = 2
    expect((await verifyVoteReceipt(single, { client })).outcome).toBe('not-included')
    const weighted = countedReceipt(3, settlement)
    weighted.vote.choice = { 1: 1, 3: 2 }
    const result = await verifyVoteReceipt(weighted, { client })
    expect(result.outcome).toBe('not-included')
    expect(result.contractAgrees).toBe(false)
  })

  it('refuses a proof with one node changed, or cut short', async () => {
    const changed = countedReceipt(2, settlement)
    changed.proof = changed.proof!.map((node, i) => (i === 1 ? keccak256(node as Hex) : node))
    expect((await verifyVoteReceipt(changed, { client })).outcome).toBe('not-included')
    const short = countedReceipt(2, settlement)
    short.proof = short.proof!.slice(0, -1)
    expect((await verifyVoteReceipt(short, { client })).outcome).toBe('not-included')
  })

  it("says so when the proposal is not settled on-chain, the chain is another, or the receipt's proposal id is not its uuid's hash", async () => {
    const unsettled = countedReceipt(0, settlement)
    unsettled.vote.proposalId = openProposalUuid
    unsettled.vote.onChainProposalId = onChainProposalId(openProposalUuid)
    const notSettled = await verifyVoteReceipt(unsettled, { client })
    expect(notSettled.outcome).toBe('not-settled')
    expect(notSettled.verified).toBe(false)

    const otherChain = countedReceipt(0, settlement)
    otherChain.settlement.chainId = 1
    const wrong = await verifyVoteReceipt(otherChain, { client })
    expect(wrong.outcome).toBe('wrong-chain')
    expect(wrong.summary).toMatch(/chain 31337.*chain 1/)

    const forged = countedReceipt(0, settlement)
    forged.vote.onChainProposalId = keccak256(toHex('another proposal'))
    expect((await verifyVoteReceipt(forged, { client })).outcome).toBe('invalid')
  })

  it('a receipt that names no settlement contract has nothing to verify against, and asks no RPC', async () => {
    const receipt = { ...countedReceipt(0, settlement), settlement: { chainId: 31337, address: null, status: 'open' } }
    const asked: string[] = []
    const spy = createPublicClient({ transport: custom({ request: async ({ method }: { method: string }) => void asked.push(method) }) })
    const result = await verifyVoteReceipt(receipt, { client: spy })
    expect(result.outcome).toBe('invalid')
    expect(result.summary).toMatch(/no settlement contract/)
    expect(asked).toEqual([])
  })

  it('an accepted vote in a posted checkpoint verifies as accepted, not yet counted', async () => {
    const result = await verifyVoteReceipt(acceptedReceipt(settlement, true), { client })
    expect(result.outcome, result.summary).toBe('accepted')
    expect(result.verified).toBe(true)
    expect(result.target).toEqual({ kind: 'checkpoint', seq: 1 })
    expect(result.rootRead).toBe(checkpointTree.root)
    expect(result.rootComputed).toBe(checkpointTree.root)
    expect(result.contractAgrees).toBe(true)
    expect(result.summary).toMatch(/^Accepted, not yet counted/)
  })

  it('an accepted vote with a changed batch proof node is not included', async () => {
    const receipt = acceptedReceipt(settlement, true)
    receipt.intake!.proof = receipt.intake!.proof.map((node, i) => (i === 0 ? keccak256(node as Hex) : node))
    const result = await verifyVoteReceipt(receipt, { client })
    expect(result.outcome).toBe('not-included')
    expect(result.steps.find((s) => s.check === 'Batch')?.ok).toBe(false)
  })

  it('an accepted vote before its checkpoint is posted is pending, with nothing on-chain yet', async () => {
    expect((await verifyVoteReceipt(acceptedReceipt(settlement, false), { client })).outcome).toBe('pending')
    const notPosted = await verifyVoteReceipt(acceptedReceipt(settlement, true, 2), { client })
    expect(notPosted.outcome).toBe('pending')
    expect(notPosted.verified).toBe(false)
  })

  it('a superseded vote has no proof of counting and names the vote that counted, without asking the RPC', async () => {
    const receipt: VoteReceipt = { ...countedReceipt(0, settlement), status: 'superseded', supersededBy: votes[1]!.id, leaf: undefined, proof: undefined }
    const asked: string[] = []
    const spy = createPublicClient({ transport: custom({ request: async ({ method }: { method: string }) => void asked.push(method) }) })
    const result = await verifyVoteReceipt(receipt, { client: spy })
    expect(result.outcome).toBe('superseded')
    expect(result.verified).toBe(false)
    expect(result.summary).toContain(votes[1]!.id)
    expect(asked).toEqual([])
  })
})
