import { encodeAbiParameters, keccak256, parseEventLogs, toHex, type Address, type Hash, type Hex } from 'viem'
import type { PrivateKeyAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAnvil, type StartAnvilReturnType } from '@/lib/chain/anvil'
import { createChainClients, type ChainClients } from '@/lib/chain/clients'
import { arborSettlementAbi, arborSettlementBytecode } from '@/lib/chain/contracts'
import { deployContract } from '@/lib/chain/deploy-contract'
import { buildTree, getProof } from '@/lib/merkle'
import { devSigners, mined, revertName } from './helpers'

const [admin, settler, outsider, newSettler] = devSigners as [PrivateKeyAccount, ...PrivateKeyAccount[]] & PrivateKeyAccount[]
// Receipt leaves are OpenZeppelin standard leaves of any tuple; these two stand for intake entries and votes.
const entryEncoding = ['uint256', 'bytes32'] as const
const voteEncoding = ['address', 'uint8', 'uint256'] as const
const entries = Array.from({ length: 50 }, (_, i) => [BigInt(i), keccak256(toHex(`entry-${i}`))] as const)
const votes = Array.from({ length: 20 }, (_, i) => [devSigners[i % 10]!.address, i % 3, BigInt(1000 + i)] as const)

describe('ArborSettlement on anvil', () => {
  let anvil: StartAnvilReturnType
  let clients: ChainClients
  let settlement: Address
  const gas: Record<string, bigint> = {}
  const entryTree = buildTree({ values: entries, leafEncoding: entryEncoding })
  const voteTree = buildTree({ values: votes, leafEncoding: voteEncoding })
  const proposalId = keccak256(toHex('proposal-1'))
  const zero: Hex = `0x${'0'.repeat(64)}`

  const write = (functionName: string, args: readonly unknown[], account: PrivateKeyAccount = settler!) =>
    clients.walletClient.writeContract({ address: settlement, abi: arborSettlementAbi, functionName, args, account } as never)
  const simulate = (functionName: string, args: readonly unknown[], account: PrivateKeyAccount = settler!) =>
    clients.publicClient.simulateContract({ address: settlement, abi: arborSettlementAbi, functionName, args, account } as never)
  const read = (functionName: string, args: readonly unknown[] = []) =>
    clients.publicClient.readContract({ address: settlement, abi: arborSettlementAbi, functionName, args } as never) as Promise<unknown>
  const send = async (label: string, hash: Promise<Hash>) => {
    const receipt = await mined(clients.publicClient, hash)
    gas[label] = receipt.gasUsed
    return receipt
  }

  beforeAll(async () => {
    anvil = await startAnvil()
    clients = createChainClients({ rpcUrl: anvil.rpcUrl, chainId: anvil.chainId, account: admin })
    const deployed = await deployContract(clients, { abi: arborSettlementAbi, bytecode: arborSettlementBytecode, args: [admin.address, settler!.address] })
    settlement = deployed.address
    gas.deploy = deployed.receipt.gasUsed
  })

  afterAll(async () => {
    await anvil?.stop()
    if (Object.keys(gas).length > 0) console.table(Object.entries(gas).map(([operation, used]) => ({ operation, gas: Number(used) })))
  })

  it('posts checkpoints 1, 2, 3… in order, never twice, only by a settler', async () => {
    expect(await read('latestCheckpointSeq')).toBe(0n)
    expect(await revertName(simulate('postCheckpoint', [1n, entryTree.root, 50n], outsider))).toBe('AccessControlUnauthorizedAccount')
    expect(await revertName(simulate('postCheckpoint', [2n, entryTree.root, 50n]))).toBe('CheckpointOutOfOrder')
    expect(await revertName(simulate('postCheckpoint', [0n, entryTree.root, 50n]))).toBe('CheckpointOutOfOrder')
    expect(await revertName(simulate('postCheckpoint', [1n, `0x${'0'.repeat(64)}`, 0n]))).toBe('EmptyRoot')
    const receipt = await send('postCheckpoint', write('postCheckpoint', [1n, entryTree.root, 50n]))
    const [event] = parseEventLogs({ abi: arborSettlementAbi, eventName: 'CheckpointPosted', logs: receipt.logs })
    expect(event?.args).toEqual({ seq: 1n, root: entryTree.root, count: 50n })
    expect(await revertName(simulate('postCheckpoint', [1n, keccak256('0x01'), 51n]))).toBe('CheckpointOutOfOrder')
    await send('postCheckpoint (next)', write('postCheckpoint', [2n, keccak256('0x02'), 60n]))
    expect(await read('latestCheckpointSeq')).toBe(2n)
    expect(await read('checkpoint', [1n])).toMatchObject({ root: entryTree.root, count: 50n })
    expect(await revertName(read('checkpoint', [3n]))).toBe('CheckpointNotFound')
  })

  it('settles a proposal once, only by a settler', async () => {
    const tallyHash = keccak256(toHex('tally'))
    const none = [0, zero] as const
    expect(await revertName(simulate('settleProposal', [proposalId, voteTree.root, tallyHash, 20n, ...none], outsider))).toBe('AccessControlUnauthorizedAccount')
    expect(await revertName(simulate('settleProposal', [proposalId, zero, tallyHash, 20n, ...none]))).toBe('EmptyRoot')
    expect(await revertName(simulate('settleProposal', [proposalId, voteTree.root, tallyHash, 20n, 0, keccak256('0x01')]))).toBe('OutcomeActionsMismatch')
    expect(await revertName(simulate('settleProposal', [proposalId, voteTree.root, tallyHash, 20n, 1, zero]))).toBe('OutcomeActionsMismatch')
    const receipt = await send('settleProposal', write('settleProposal', [proposalId, voteTree.root, tallyHash, 20n, ...none]))
    const [event] = parseEventLogs({ abi: arborSettlementAbi, eventName: 'ProposalSettled', logs: receipt.logs })
    expect(event?.args).toEqual({ proposalId, votesRoot: voteTree.root, tallyHash, voteCount: 20n, outcome: 0, actionsHash: zero })
    expect(await read('proposalResult', [proposalId])).toMatchObject({ votesRoot: voteTree.root, tallyHash, voteCount: 20n, outcome: 0 })
    expect(await revertName(simulate('settleProposal', [proposalId, keccak256('0x01'), tallyHash, 21n, ...none]))).toBe('ProposalAlreadySettled')
    const passed = keccak256(toHex('proposal-2'))
    const actions = keccak256(toHex('actions'))
    await send('settleProposal (passed, with actions)', write('settleProposal', [passed, voteTree.root, tallyHash, 20n, 1, actions]))
    expect(await read('proposalResult', [passed])).toMatchObject({ outcome: 1, actionsHash: actions })
    expect(await revertName(read('proposalResult', [keccak256('0x99')]))).toBe('ProposalNotSettled')
  })

  it('verifies receipts: an entry in a checkpoint, a vote in a settled proposal', async () => {
    const entryLeaf = (i: number): Hex => encodeAbiParameters([{ type: 'uint256' }, { type: 'bytes32' }], entries[i]!)
    const voteLeaf = (i: number): Hex =>
      encodeAbiParameters([{ type: 'address' }, { type: 'uint8' }, { type: 'uint256' }], votes[i]!)
    for (const i of [0, 17, 49]) expect(await read('verifyCheckpointEntry', [1n, entryLeaf(i), getProof(entryTree, i)])).toBe(true)
    expect(await read('verifyCheckpointEntry', [1n, entryLeaf(3), getProof(entryTree, 4)])).toBe(false)
    expect(await read('verifyCheckpointEntry', [2n, entryLeaf(3), getProof(entryTree, 3)])).toBe(false)
    expect(await revertName(read('verifyCheckpointEntry', [9n, entryLeaf(3), getProof(entryTree, 3)]))).toBe('CheckpointNotFound')
    for (const i of [0, 11, 19]) expect(await read('verifyVote', [proposalId, voteLeaf(i), getProof(voteTree, i)])).toBe(true)
    const forged = encodeAbiParameters([{ type: 'address' }, { type: 'uint8' }, { type: 'uint256' }], [votes[5]![0], (votes[5]![1] + 1) % 3, votes[5]![2]])
    expect(await read('verifyVote', [proposalId, forged, getProof(voteTree, 5)])).toBe(false)
    expect(await revertName(read('verifyVote', [keccak256('0x99'), voteLeaf(0), getProof(voteTree, 0)]))).toBe('ProposalNotSettled')
  })

  it('lets the admin grant and revoke the settler role', async () => {
    const role = (await read('SETTLER_ROLE')) as Hex
    expect(await revertName(simulate('grantRole', [role, newSettler!.address], outsider))).toBe('AccessControlUnauthorizedAccount')
    await mined(clients.publicClient, write('grantRole', [role, newSettler!.address], admin))
    await mined(clients.publicClient, write('postCheckpoint', [3n, keccak256('0x03'), 70n], newSettler))
    await mined(clients.publicClient, write('revokeRole', [role, newSettler!.address], admin))
    expect(await revertName(simulate('postCheckpoint', [4n, keccak256('0x04'), 80n], newSettler))).toBe('AccessControlUnauthorizedAccount')
    expect(await read('hasRole', [role, settler!.address])).toBe(true)
  })
})
