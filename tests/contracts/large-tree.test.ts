import { keccak256, parseUnits, toHex, type Address, type Hex } from 'viem'
import type { PrivateKeyAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAnvil, type StartAnvilReturnType } from '@/lib/chain/anvil'
import { getClaimTypedData } from '@/lib/chain/claim-typed-data'
import { createChainClients, type ChainClients } from '@/lib/chain/clients'
import { arborDistributorAbi, arborDistributorFactoryAbi, arborDistributorFactoryBytecode, arborTokenAbi, arborTokenBytecode } from '@/lib/chain/contracts'
import { createDistributor } from '@/lib/chain/create-distributor'
import { deployContract } from '@/lib/chain/deploy-contract'
import { buildTreeParallel, closeHashWorkers, getMultiProof, getProof, type MerkleTree } from '@/lib/merkle'
import { allocationEncoding, devSigners, latestTimestamp, mined, testSigner } from './helpers'

const leafCount = 1_000_000
const [owner, relayer] = devSigners as [PrivateKeyAccount, ...PrivateKeyAccount[]] & PrivateKeyAccount[]
// a few leaves belong to accounts whose keys the test holds; the rest to filler addresses
const signers = new Map([0, 1, 2, 499_999, 777_777, leafCount - 1].map((index) => [index, testSigner(`large-${index}`)]))
const amountOf = (index: number) => parseUnits(String(1 + (index % 1000)), 18)

describe(`a ${leafCount.toLocaleString('en')}-leaf campaign on anvil`, () => {
  let anvil: StartAnvilReturnType
  let clients: ChainClients
  let tree: MerkleTree
  let distributor: Address
  let buildSeconds = 0

  beforeAll(async () => {
    const values = new Array<readonly unknown[]>(leafCount)
    for (let i = 0; i < leafCount; i++) {
      const account = signers.get(i)?.address ?? `0x${(i + 1).toString(16).padStart(40, '0')}`
      values[i] = [i, account, amountOf(i)]
    }
    const started = performance.now()
    tree = await buildTreeParallel({ values, leafEncoding: allocationEncoding })
    buildSeconds = (performance.now() - started) / 1000
    anvil = await startAnvil()
    clients = createChainClients({ rpcUrl: anvil.rpcUrl, chainId: anvil.chainId, account: owner })
    const token = (
      await deployContract(clients, {
        abi: arborTokenAbi,
        bytecode: arborTokenBytecode,
        args: ['Arbor Test', 'ARBT', owner.address, owner.address, parseUnits('1000000000', 18)],
      })
    ).address
    const factory = (await deployContract(clients, { abi: arborDistributorFactoryAbi, bytecode: arborDistributorFactoryBytecode })).address
    const now = await latestTimestamp(clients.publicClient)
    distributor = (
      await createDistributor(clients, {
        factory,
        campaign: { token, merkleRoot: tree.root, startTime: now, endTime: now + 86_400n, owner: owner.address, contentHash: keccak256(toHex('large-tree dataset')) },
      })
    ).distributor
    await mined(
      clients.publicClient,
      clients.walletClient.writeContract({ address: token, abi: arborTokenAbi, functionName: 'transfer', args: [distributor, parseUnits('1000000', 18)] }),
    )
  })

  afterAll(async () => {
    await closeHashWorkers()
    await anvil?.stop()
    console.log(`${leafCount} leaves built by lib/merkle's buildTreeParallel in ${buildSeconds.toFixed(1)} s`)
  })

  const isClaimed = (index: number) =>
    clients.publicClient.readContract({ address: distributor, abi: arborDistributorAbi, functionName: 'isClaimed', args: [BigInt(index)] })

  it('accepts a 20-hash proof for the first, a middle and the last leaf', async () => {
    for (const index of [0, 499_999, leafCount - 1]) {
      const proof = getProof(tree, index)
      expect(proof.length).toBeGreaterThanOrEqual(19)
      const account = signers.get(index)!.address
      await mined(
        clients.publicClient,
        clients.walletClient.writeContract({
          address: distributor,
          abi: arborDistributorAbi,
          functionName: 'claim',
          args: [BigInt(index), account, amountOf(index), proof],
          account: relayer,
        }),
      )
      expect(await isClaimed(index)).toBe(true)
    }
  })

  it('accepts signed claims batched under one multiproof', async () => {
    const { leaves, proof, proofFlags } = getMultiProof(tree, [1, 2, 777_777])
    const deadline = (await latestTimestamp(clients.publicClient)) + 3600n
    const claims = await Promise.all(
      leaves.map(async ([index, account, amount]) => {
        const claim = { index: BigInt(index as number), account: account as Address, amount: amount as bigint, to: account as Address, deadline }
        const signature = await signers.get(index as number)!.signTypedData(getClaimTypedData({ chainId: anvil.chainId, distributor, ...claim }))
        return { ...claim, signature }
      }),
    )
    await mined(
      clients.publicClient,
      clients.walletClient.writeContract({
        address: distributor,
        abi: arborDistributorAbi,
        functionName: 'claimMany',
        args: [claims, proof as Hex[], proofFlags],
        account: relayer,
      }),
    )
    for (const index of [1, 2, 777_777]) expect(await isClaimed(index)).toBe(true)
  })
})
