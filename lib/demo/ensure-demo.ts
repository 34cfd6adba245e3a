import { encodeFunctionData, getAddress, parseUnits, type Address } from 'viem'
import type { ChainClients } from '@/lib/chain/clients'
import { TransactionRevertedError } from '@/lib/chain/errors'
import { arborTokenAbi } from '@/lib/chain/contracts'
import { deployDaoExecutor, type DeployDaoExecutorReturnType } from '@/lib/chain/deploy-dao-executor'
import { deployDemoCampaign, type DeployDemoCampaignReturnType } from '@/lib/chain/deploy-demo-campaign'
import { deployDemoContracts } from '@/lib/chain/deploy-demo'
import { devAccounts } from '@/lib/chain/dev-accounts'
import type { Db, SqlClient } from '@/lib/db'
import { summarizeAllocations } from '@/lib/airdrop/summarize-allocations'
import { analyzeStoredProposal } from '@/lib/governance/analyze-stored-proposal'
import { demoCampaignName, demoProposals, demoSpace } from './content'
import { seedAirdrops } from './seed-airdrops'
import { seedGovernance } from './seed-governance'
import { demoSettlementProposals, seedSettlement } from './seed-settlement'

export type EnsureDemoParameters = {
  /** Raw SQL on the same database as `db`: the intake engine and the settlement engine take it (the settlement demo). */
  sql: SqlClient
  /** The chain's RPC, so the analyst can simulate the demo proposals on a fork of it. */
  rpcUrl?: string
  log?: (message: string) => void
}

export type EnsureDemoReturnType = {
  created: boolean
  token: Address
  /** The settlement registry intake checkpoints and proposal results are posted to. */
  settlement: Address
  /** The demo space's treasury: its `ArborExecutor`, timelock (1 hour veto window) and guardian (anvil account #9). */
  treasury: Pick<DeployDaoExecutorReturnType, 'executor' | 'timelock' | 'guardian'>
  analyzed: number
}

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0]

// Outside the dev accounts on purpose: the second proposal pays an address nobody knows.
const unknownRecipient = getAddress('0x000000000000000000000000000000000000dEaD')
const hour = 60 * 60 * 1000
/** The demo treasury's veto window (seconds), and what it holds. */
export const demoTreasury = { minDelay: 3600n, funds: parseUnits('200000', 18) } as const

/**
 * Seeds the demo once: deploys the token, the airdrop factory, the settlement registry and a
 * funded campaign, then writes the demo space, its proposals and the campaign's allocations in one
 * transaction. A re-run finds them and changes nothing, unless the chain lost the token (a reset
 * node), in which case the demo is seeded again against the new deployment.
 */
export async function ensureDemo(db: Db, clients: ChainClients, params: EnsureDemoParameters): Promise<EnsureDemoReturnType> {
  const existing = await db.space.findUnique({ where: { slug: demoSpace.slug } })
  if (existing) {
    const code = await clients.publicClient.getCode({ address: existing.tokenAddress as Address })
    const settlement = await db.deployment.findUnique({
      where: { chainId_name: { chainId: existing.chainId, name: 'ArborSettlement' } },
    })
    if (code && code !== '0x' && settlement) {
      const treasury = existing.executorAddress
        ? { executor: getAddress(existing.executorAddress), timelock: getAddress(existing.timelockAddress!), guardian: getAddress(existing.guardianAddress!) }
        : await addDemoTreasury(db, clients, { space: existing, settlement: settlement.address as Address })
      await seedAirdrops(db, clients)
      await seedDemoGovernance(db, clients, { ...params, settlement: getAddress(settlement.address) })
      const analyzed = await analyzeDemoProposals(db, clients, { ...params, timelock: treasury.timelock })
      return { created: false, token: getAddress(existing.tokenAddress), settlement: getAddress(settlement.address), treasury: pickTreasury(treasury), analyzed }
    }
  }

  const [deployer] = devAccounts
  const { token, blockNumber } = await deployDemoContracts(clients, { holder: deployer.address })
  const campaign = await deployDemoCampaign(clients, { token, funder: deployer.address })
  const chainId = await clients.publicClient.getChainId()
  const treasury = await deployDemoTreasury(clients, { token, settlement: campaign.settlement })

  await db.$transaction(async (tx) => {
    if (existing) {
      await tx.space.delete({ where: { id: existing.id } })
      await tx.campaign.deleteMany({ where: { name: demoCampaignName, chainId } })
      await tx.deployment.deleteMany({ where: { chainId } })
    }
    await tx.deployment.createMany({
      data: [
        { name: 'ArborToken', address: token, blockNumber },
        { name: 'ArborDistributorFactory', address: campaign.factory, blockNumber: campaign.blockNumber },
        { name: 'ArborSettlement', address: campaign.settlement, blockNumber: campaign.blockNumber },
      ].map((deployment) => ({ ...deployment, chainId, address: deployment.address.toLowerCase() })),
    })
    await createCampaign(tx, { chainId, token, campaign })
    const { id: spaceId } = await createSpace(tx, { chainId, token, snapshotBlock: blockNumber })
    await saveTreasury(tx, { chainId, spaceId, treasury })
  })
  await seedAirdrops(db, clients)
  await seedDemoGovernance(db, clients, { ...params, settlement: campaign.settlement })
  const analyzed = await analyzeDemoProposals(db, clients, { ...params, timelock: treasury.timelock })
  return { created: true, token: getAddress(token), settlement: getAddress(campaign.settlement), treasury: pickTreasury(treasury), analyzed }
}

/**
 * The demo space's treasury: a timelock with a 1 hour veto window, anvil account #9 as its
 * guardian and an `ArborExecutor` as its only proposer, holding 200,000 ARB. The deployer (the
 * token's owner) mints them into the timelock rather than transferring, so its own balance, which
 * the analyst's simulations read, stays as it was.
 */
async function deployDemoTreasury(clients: ChainClients, { token, settlement }: { token: Address; settlement: Address }): Promise<DeployDaoExecutorReturnType> {
  const treasury = await deployDaoExecutor(clients, { settlement, guardian: devAccounts[9].address, minDelay: demoTreasury.minDelay })
  const hash = await clients.walletClient.writeContract({ address: token, abi: arborTokenAbi, functionName: 'mint', args: [treasury.timelock, demoTreasury.funds] })
  const receipt = await clients.publicClient.waitForTransactionReceipt({ hash })
  if (receipt.status !== 'success') throw new TransactionRevertedError({ transactionHash: hash })
  return treasury
}

/** A demo seeded before treasuries existed gains one. */
async function addDemoTreasury(db: Db, clients: ChainClients, { space, settlement }: { space: { id: string; chainId: number; tokenAddress: string }; settlement: Address }) {
  const treasury = await deployDemoTreasury(clients, { token: space.tokenAddress as Address, settlement })
  await db.$transaction((tx) => saveTreasury(tx, { chainId: space.chainId, spaceId: space.id, treasury }))
  return treasury
}

/** Stores the treasury's addresses on the demo space, and its contracts as `ArborTimelock` and `ArborExecutor` deployments. */
async function saveTreasury(tx: Tx, { chainId, spaceId, treasury }: { chainId: number; spaceId: string; treasury: DeployDaoExecutorReturnType }) {
  await tx.space.update({
    where: { id: spaceId },
    data: { executorAddress: treasury.executor.toLowerCase(), timelockAddress: treasury.timelock.toLowerCase(), guardianAddress: treasury.guardian.toLowerCase() },
  })
  for (const [name, address] of [['ArborTimelock', treasury.timelock], ['ArborExecutor', treasury.executor]] as const) {
    await tx.deployment.upsert({
      where: { chainId_name: { chainId, name } },
      create: { chainId, name, address: address.toLowerCase() },
      update: { address: address.toLowerCase() },
    })
  }
}

function pickTreasury({ executor, timelock, guardian }: Pick<DeployDaoExecutorReturnType, 'executor' | 'timelock' | 'guardian'>) {
  return { executor, timelock, guardian }
}

/** The governance demo's proposals (one per voting type), then its settled proposal and its passed one queued on the treasury. */
async function seedDemoGovernance(db: Db, clients: ChainClients, { sql, settlement, log }: EnsureDemoParameters & { settlement: Address }) {
  await seedGovernance(db, clients, { log })
  await seedSettlement(db, clients, { sql, settlement, log })
}

/**
 * The analyst's view of every demo proposal, stored; unchanged proposals hit the cache. Returns how
 * many were analyzed. The treasury proposal of the settlement demo executes from the space's
 * timelock, with its delay; the older demo proposals from dev account #0, which holds the supply.
 */
async function analyzeDemoProposals(
  db: Db,
  clients: ChainClients,
  { rpcUrl, log, timelock }: EnsureDemoParameters & { timelock: Address },
): Promise<number> {
  const proposals = await db.proposal.findMany({
    where: { space: { slug: demoSpace.slug } },
    select: { id: true, title: true },
    orderBy: { number: 'asc' },
  })
  let analyzed = 0
  for (const { id, title } of proposals) {
    const fromTreasury = title === demoSettlementProposals.passed.title
    const { cached } = await analyzeStoredProposal(db, {
      proposalId: id,
      ...(fromTreasury ? { executor: timelock, timelockSeconds: Number(demoTreasury.minDelay) } : { executor: devAccounts[0].address }),
      publicClient: clients.publicClient,
      rpcUrl,
      knownAddresses: { [devAccounts[5].address]: 'Grants committee multisig' },
      log,
    })
    if (!cached) analyzed++
  }
  return analyzed
}

async function createCampaign(
  tx: Tx,
  { chainId, token, campaign }: { chainId: number; token: Address; campaign: DeployDemoCampaignReturnType },
) {
  await tx.campaign.create({
    data: {
      name: demoCampaignName,
      chainId,
      tokenAddress: token.toLowerCase(),
      distributorAddress: campaign.distributor.toLowerCase(),
      merkleRoot: campaign.merkleRoot,
      totalAmount: campaign.total.toString(),
      recipientCount: campaign.allocations.length,
      startAt: new Date(Number(campaign.startTime) * 1000),
      endAt: new Date(Number(campaign.endTime) * 1000),
      status: 'active',
      // its allocations and tree are stored: the admin page shows the review (recipients, root, histogram)
      importStatus: 'ready',
      allocationReview: { version: 1, ...summarizeAllocations(campaign.allocations.map(({ index, account, amount }) => [index, account.toLowerCase(), amount])) },
      tokenSymbol: 'ARB',
      tokenDecimals: 18,
      createdBy: devAccounts[0].address.toLowerCase(),
      allocations: {
        createMany: {
          data: campaign.allocations.map(({ index, account, amount }) => ({
            index,
            account: account.toLowerCase(),
            amount: amount.toString(),
          })),
        },
      },
    },
  })
}

async function createSpace(tx: Tx, { chainId, token, snapshotBlock }: { chainId: number; token: Address; snapshotBlock: bigint }) {
  const [, proposer, , , , grants] = devAccounts // account 5 plays the grants multisig the analyst knows
  const transfer = (to: Address, amount: string) =>
    encodeFunctionData({ abi: arborTokenAbi, functionName: 'transfer', args: [to, parseUnits(amount, 18)] })
  const actions = [
    [{ target: token, value: '0', calldata: transfer(grants.address, '50000'), signature: 'transfer(address,uint256)' }],
    [{ target: token, value: '0', calldata: transfer(unknownRecipient, '900000'), signature: 'transfer(address,uint256)' }],
  ]
  const authors = [proposer.address, unknownRecipient]
  const now = Date.now()
  const windows = [
    { startAt: new Date(now - hour), endAt: new Date(now + demoSpace.votingPeriodSeconds * 1000) },
    { startAt: new Date(now - hour), endAt: new Date(now + 2 * hour) },
  ]

  return await tx.space.create({
    select: { id: true },
    data: {
      slug: demoSpace.slug,
      name: demoSpace.name,
      about: demoSpace.about,
      chainId,
      tokenAddress: token.toLowerCase(),
      votingDelay: demoSpace.votingDelaySeconds,
      votingPeriod: demoSpace.votingPeriodSeconds,
      quorum: demoSpace.quorum,
      proposals: {
        create: demoProposals.map((proposal, i) => ({
          number: i + 1,
          title: proposal.title,
          body: proposal.body,
          author: authors[i]!.toLowerCase(),
          choices: [...proposal.choices],
          snapshotBlock,
          votingType: 'basic' as const,
          state: 'active' as const,
          actions: actions[i]!,
          ...windows[i]!,
        })),
      },
    },
  })
}
