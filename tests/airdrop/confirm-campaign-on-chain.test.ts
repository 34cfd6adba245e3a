/**
 * `confirmCampaignOnChain` checks the chain, not the admin's word: a deployment transaction whose
 * distributor differs from the campaign in any parameter (here: the owner who may claw back, or the
 * window) is refused naming the field; the campaign's own deployment is accepted. Real anvil, real
 * factory, real database.
 */
import { keccak256, parseUnits, toHex, type Address, type Hash } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { confirmCampaignOnChain } from '@/lib/airdrop/confirm-campaign-on-chain'
import { distributorCampaignOf } from '@/lib/airdrop/distributor-campaign-of'
import { CampaignChainMismatchError } from '@/lib/airdrop/errors'
import { startAnvil, type StartAnvilReturnType } from '@/lib/chain/anvil'
import { createChainClients, type ChainClients } from '@/lib/chain/clients'
import { arborDistributorFactoryAbi, arborDistributorFactoryBytecode, arborTokenAbi, arborTokenBytecode } from '@/lib/chain/contracts'
import { createDistributor } from '@/lib/chain/create-distributor'
import { deployContract } from '@/lib/chain/deploy-contract'
import { devAccounts } from '@/lib/chain/dev-accounts'
import { createTestDatabase, type TestDatabase } from '../support/database'

let database: TestDatabase
let anvil: StartAnvilReturnType
let admin: ChainClients
let factory: Address
let token: Address

beforeAll(async () => {
  ;[database, anvil] = await Promise.all([createTestDatabase(), startAnvil()])
  admin = createChainClients({ rpcUrl: anvil.rpcUrl, chainId: anvil.chainId, account: devAccounts[0].privateKey })
  token = (
    await deployContract(admin, { abi: arborTokenAbi, bytecode: arborTokenBytecode, args: ['Arbor Test', 'ARBT', devAccounts[0].address, devAccounts[0].address, parseUnits('1000', 18)] })
  ).address
  factory = (await deployContract(admin, { abi: arborDistributorFactoryAbi, bytecode: arborDistributorFactoryBytecode })).address
}, 120_000)

afterAll(async () => {
  await database?.drop()
  await anvil?.stop()
})

async function readyCampaign() {
  const start = new Date(Math.floor(Date.now() / 1000) * 1000)
  return database.db.campaign.create({
    data: {
      name: 'Confirm test',
      chainId: anvil.chainId,
      tokenAddress: token.toLowerCase(),
      merkleRoot: keccak256(toHex('a root')),
      contentHash: keccak256(toHex('a dataset')),
      totalAmount: parseUnits('10', 18).toString(),
      recipientCount: 2,
      startAt: start,
      endAt: new Date(start.getTime() + 86_400_000),
      createdBy: devAccounts[0].address.toLowerCase(),
      importStatus: 'ready',
    },
  })
}

async function deploy(campaign: Awaited<ReturnType<typeof readyCampaign>>, change: Partial<NonNullable<ReturnType<typeof distributorCampaignOf>>['campaign']>): Promise<Hash> {
  const args = distributorCampaignOf(campaign)!
  const { transactionHash } = await createDistributor(admin, { factory, campaign: { ...args.campaign, ...change }, salt: args.salt })
  return transactionHash
}

describe('confirmCampaignOnChain', () => {
  it("refuses a deployment whose distributor has another owner or window, naming the field, and records nothing", async () => {
    const campaign = await readyCampaign()
    const otherOwner = await deploy(campaign, { owner: devAccounts[1].address })
    const error = await confirmCampaignOnChain(database.db, admin.publicClient, { campaignId: campaign.id, deployTxHash: otherOwner }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(CampaignChainMismatchError)
    expect((error as Error).message).toMatch(/other owner\)/)

    const otherWindow = await deploy(campaign, { endTime: distributorCampaignOf(campaign)!.campaign.endTime + 1n })
    await expect(confirmCampaignOnChain(database.db, admin.publicClient, { campaignId: campaign.id, deployTxHash: otherWindow })).rejects.toThrow(/other endTime\)/)
    const stored = await database.db.campaign.findUniqueOrThrow({ where: { id: campaign.id } })
    expect(stored.distributorAddress).toBeNull()
    expect(stored.status).toBe('draft')
  }, 60_000)

  it("accepts the campaign's own deployment: deployed, not yet funded", async () => {
    const campaign = await readyCampaign()
    const own = await deploy(campaign, {})
    const confirmed = await confirmCampaignOnChain(database.db, admin.publicClient, { campaignId: campaign.id, deployTxHash: own })
    expect(confirmed.status).toBe('deploying')
    expect(confirmed.shortfall).toBe(parseUnits('10', 18).toString())
  }, 60_000)
})
