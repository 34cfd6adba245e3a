import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseUnits } from 'viem'
import { startAnvil, type StartAnvilReturnType } from '@/lib/chain/anvil'
import { createChainClients } from '@/lib/chain/clients'
import { arborDistributorAbi, arborTokenAbi } from '@/lib/chain/contracts'
import { devAccounts } from '@/lib/chain/dev-accounts'
import { getClaimProof } from '@/lib/airdrop/get-claim-proof'
import { getLiveCampaignOrThrow } from '@/lib/airdrop/get-live-campaign-or-throw'
import { listCampaignsForAccount } from '@/lib/airdrop/list-campaigns-for-account'
import { listLiveCampaigns } from '@/lib/airdrop/list-live-campaigns'
import { demoCampaignName } from '@/lib/demo/content'
import { ensureDemo } from '@/lib/demo/ensure-demo'
import { endedCampaignName, seedAirdrops } from '@/lib/demo/seed-airdrops'
import { NotFoundError, ValidationError } from '@/lib/errors'
import { createTestDatabase, type TestDatabase } from '../support/database'

describe('the claim portal data and the demo airdrops', () => {
  let database: TestDatabase
  let anvil: StartAnvilReturnType
  let clients: ReturnType<typeof createChainClients<`0x${string}`>>

  beforeAll(async () => {
    ;[database, anvil] = await Promise.all([createTestDatabase(), startAnvil({ port: 0 })])
    clients = createChainClients({ rpcUrl: anvil.rpcUrl, chainId: 31337, account: devAccounts[0].privateKey })
    await ensureDemo(database.db, clients, { sql: database.sql, log: () => {} })
  }, 120_000)
  afterAll(async () => {
    await anvil?.stop()
    await database?.drop()
  })

  it('lists the live campaign, not the ended one, with its token read from the chain', async () => {
    const live = await listLiveCampaigns(database.db, { publicClient: clients.publicClient })
    expect(live.map((campaign) => campaign.name)).toEqual([demoCampaignName])
    const [campaign] = live
    expect(campaign).toMatchObject({ phase: 'open', recipientCount: 50, token: { symbol: 'ARB', decimals: 18 } })
    expect(await clients.publicClient.readContract({ address: campaign!.distributor, abi: arborDistributorAbi, functionName: 'merkleRoot' })).toBe(campaign!.merkleRoot)
    // The seed stored its compact tree, so the proof API serves it, and the proof pays on-chain.
    const { index, amount, proof } = await getClaimProof(database.db, { campaignId: campaign!.id, account: devAccounts[9].address.toLowerCase() })
    expect([index, amount]).toEqual([9, parseUnits('100', 18)])
    const { result } = await clients.publicClient.simulateContract({
      address: campaign!.distributor,
      abi: arborDistributorAbi,
      functionName: 'claim',
      args: [BigInt(index), devAccounts[9].address, amount, proof],
      account: devAccounts[0].address,
    })
    expect(result).toBeUndefined()
  })

  it('finds one campaign by id, ended ones included, and refuses unknown ids with NotFoundError', async () => {
    const ended = await database.db.campaign.findFirstOrThrow({ where: { name: endedCampaignName } })
    const campaign = await getLiveCampaignOrThrow(database.db, { id: ended.id, publicClient: clients.publicClient })
    expect(campaign).toMatchObject({ name: endedCampaignName, phase: 'ended', status: 'ended', token: { symbol: 'ARB' } })
    expect(campaign.endAt!.getTime()).toBeLessThan(Date.now())
    await expect(getLiveCampaignOrThrow(database.db, { id: '00000000-0000-4000-8000-000000000000', publicClient: clients.publicClient })).rejects.toBeInstanceOf(NotFoundError)
    await expect(getLiveCampaignOrThrow(database.db, { id: 'not-a-uuid', publicClient: clients.publicClient })).rejects.toBeInstanceOf(NotFoundError)
  })

  it('lists every campaign an address is in, in any letter case', async () => {
    for (const spelling of [devAccounts[2].address, devAccounts[2].address.toLowerCase(), `0x${devAccounts[2].address.slice(2).toUpperCase()}`]) {
      const found = await listCampaignsForAccount(database.db, { account: ` ${spelling} `, publicClient: clients.publicClient })
      expect(found.map((entry) => [entry.campaign.name, entry.account, entry.amount])).toEqual(
        expect.arrayContaining([
          [demoCampaignName, devAccounts[2].address, parseUnits('800', 18)],
          [endedCampaignName, devAccounts[2].address, parseUnits('460', 18)],
        ]),
      )
      expect(found).toHaveLength(2)
    }
    expect(await listCampaignsForAccount(database.db, { account: devAccounts[7].address, publicClient: clients.publicClient })).toHaveLength(1)
    expect(await listCampaignsForAccount(database.db, { account: `0x${'12'.repeat(20)}`, publicClient: clients.publicClient })).toEqual([])
    await expect(listCampaignsForAccount(database.db, { account: '0x1234', publicClient: clients.publicClient })).rejects.toBeInstanceOf(ValidationError)
  })

  it('seeds the ended campaign once, funded and unclaimed, so its owner can claw the remainder back', async () => {
    const again = await seedAirdrops(database.db, clients)
    expect(again.created).toBe(false)
    expect(await database.db.campaign.count({ where: { name: endedCampaignName } })).toBe(1)
    const campaign = await database.db.campaign.findFirstOrThrow({ where: { name: endedCampaignName } })
    const balance = await clients.publicClient.readContract({
      address: campaign.tokenAddress as `0x${string}`,
      abi: arborTokenAbi,
      functionName: 'balanceOf',
      args: [again.distributor],
    })
    expect(balance).toBe(BigInt(campaign.totalAmount.toFixed()))
    // The window is closed on chain: clawback to the owner works (simulated, so the remainder stays for the demo).
    const { result } = await clients.publicClient.simulateContract({
      address: again.distributor,
      abi: arborDistributorAbi,
      functionName: 'clawback',
      args: [devAccounts[0].address],
      account: devAccounts[0].address,
    })
    expect(result).toBeUndefined()
  })
})
