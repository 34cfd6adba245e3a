import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAnvil, type StartAnvilReturnType } from '@/lib/chain/anvil'
import { createChainClients, type ChainClients } from '@/lib/chain/clients'
import { arborDistributorAbi, arborSettlementAbi, arborTokenAbi } from '@/lib/chain/contracts'
import { deployDemoCampaign } from '@/lib/chain/deploy-demo-campaign'
import { deployDemoContracts } from '@/lib/chain/deploy-demo'
import { devAccounts } from '@/lib/chain/dev-accounts'
import { keccak256, stringToBytes } from 'viem'
import { buildTree, dumpStandardTree, getProof } from '@/lib/merkle'
import { devSigners, mined } from './helpers'

describe('deployDemoCampaign', () => {
  let anvil: StartAnvilReturnType
  let clients: ChainClients

  beforeAll(async () => {
    anvil = await startAnvil()
    clients = createChainClients({ rpcUrl: anvil.rpcUrl, chainId: anvil.chainId, account: devAccounts[0].privateKey })
  })
  afterAll(async () => {
    await anvil?.stop()
  })

  it('deploys the registry and a funded campaign the dev accounts can claim from', async () => {
    const { token } = await deployDemoContracts(clients, { holder: devAccounts[0].address })
    const demo = await deployDemoCampaign(clients, { token, funder: devAccounts[0].address })
    expect(demo.allocations).toHaveLength(50)
    for (const account of devAccounts) expect(demo.allocations.some((a) => a.account === account.address)).toBe(true)
    const tree = buildTree({ values: demo.allocations.map((a) => [a.index, a.account, a.amount]), leafEncoding: demo.leafEncoding })
    expect(tree.root).toBe(demo.merkleRoot)
    expect(demo.contentHash).toBe(keccak256(stringToBytes(JSON.stringify(dumpStandardTree(tree)))))
    expect(await clients.publicClient.readContract({ address: demo.distributor, abi: arborDistributorAbi, functionName: 'contentHash' })).toBe(demo.contentHash)
    expect(await clients.publicClient.readContract({ address: token, abi: arborTokenAbi, functionName: 'balanceOf', args: [demo.distributor] })).toBe(demo.total)
    const settlerRole = await clients.publicClient.readContract({ address: demo.settlement, abi: arborSettlementAbi, functionName: 'SETTLER_ROLE' })
    expect(await clients.publicClient.readContract({ address: demo.settlement, abi: arborSettlementAbi, functionName: 'hasRole', args: [settlerRole, devAccounts[0].address] })).toBe(true)

    const mine = demo.allocations[3]!
    await mined(
      clients.publicClient,
      clients.walletClient.writeContract({
        address: demo.distributor,
        abi: arborDistributorAbi,
        functionName: 'claimTo',
        args: [BigInt(mine.index), mine.amount, getProof(tree, 3), mine.account],
        account: devSigners[3],
      }),
    )
    expect(await clients.publicClient.readContract({ address: demo.distributor, abi: arborDistributorAbi, functionName: 'isClaimed', args: [3n] })).toBe(true)
  })
})
