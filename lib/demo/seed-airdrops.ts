import { getAddress, keccak256, parseUnits, toHex, type Address } from 'viem'
import type { ChainClients } from '@/lib/chain/clients'
import { arborTokenAbi } from '@/lib/chain/contracts'
import { createDistributor } from '@/lib/chain/create-distributor'
import { devAccounts } from '@/lib/chain/dev-accounts'
import { TransactionRevertedError } from '@/lib/chain/errors'
import type { Db } from '@/lib/db'
import { demoCampaignName } from './content'
import { hashDataset } from '@/lib/airdrop/hash-dataset'
import { summarizeAllocations } from '@/lib/airdrop/summarize-allocations'
import { CLAIM_LEAF_ENCODING, COMPACT_TREE_FORMAT } from '@/lib/airdrop/schema'
import { buildTree, encodeCompactTree, type MerkleTree } from '@/lib/merkle'

/** The demo's ended airdrop (dev accounts #1 to #5 and five others), funded and never claimed. */
export const endedCampaignName = 'ARB early supporters (ended)'

export type SeedAirdropsReturnType = {
  /** Whether the ended campaign was deployed and written by this call (false: it was there). */
  created: boolean
  /** Its distributor, funded with every allocation and never claimed from: the clawback remainder. */
  distributor: Address
  campaignId: string
}

const day = 86_400n

/**
 * Seeds the demo's second airdrop: an **ended** campaign (opened 30 days ago, closed yesterday)
 * for dev accounts #1 to #5 and five generated addresses, fully funded and never claimed, so its
 * owner (dev account 0) can claw the remainder back. Uses the demo's token and factory from the
 * `deployments` table (`ensureDemo` writes them first). Also stores the compact tree of demo
 * campaigns seeded without one, so the proof API serves them. Idempotent: a re-run finds the campaign
 * and its distributor's code and changes nothing.
 */
export async function seedAirdrops(db: Db, clients: Pick<ChainClients, 'publicClient' | 'walletClient'>): Promise<SeedAirdropsReturnType> {
  const { publicClient, walletClient } = clients
  const chainId = await publicClient.getChainId()
  await storeMissingTrees(db, { chainId })
  const existing = await db.campaign.findFirst({ where: { chainId, name: endedCampaignName, distributorAddress: { not: null } } })
  if (existing) {
    const code = await publicClient.getCode({ address: existing.distributorAddress as Address })
    if (code && code !== '0x') return { created: false, distributor: getAddress(existing.distributorAddress!), campaignId: existing.id }
    await db.campaign.delete({ where: { id: existing.id } })
  }

  const deployments = await db.deployment.findMany({ where: { chainId, name: { in: ['ArborToken', 'ArborDistributorFactory'] } } })
  const addressOf = (name: string) => {
    const found = deployments.find((deployment) => deployment.name === name)
    if (!found) throw new Error(`seedAirdrops: no ${name} deployment on chain ${chainId}; run ensureDemo first`)
    return getAddress(found.address)
  }
  const token = addressOf('ArborToken')
  const factory = addressOf('ArborDistributorFactory')
  const decimals = await publicClient.readContract({ address: token, abi: arborTokenAbi, functionName: 'decimals' })

  const recipients: Address[] = [
    ...devAccounts.slice(1, 6).map((account) => account.address as Address),
    ...Array.from({ length: 5 }, (_, i) => getAddress(`0x${keccak256(toHex(`arbor-ended-recipient-${i}`)).slice(26)}`)),
  ]
  const allocations = recipients.map((account, index) => ({ index, account, amount: parseUnits(String(500 - 40 * index), decimals) }))
  const tree = buildTree({ values: allocations.map((a) => [a.index, a.account, a.amount]), leafEncoding: CLAIM_LEAF_ENCODING })
  const total = allocations.reduce((sum, a) => sum + a.amount, 0n)

  const { timestamp } = await publicClient.getBlock()
  const startTime = timestamp - 30n * day
  const endTime = timestamp - day
  const owner = devAccounts[0].address as Address
  const { distributor } = await createDistributor(clients, {
    factory,
    campaign: { token, merkleRoot: tree.root, startTime, endTime, owner, contentHash: await hashDataset(tree) },
    salt: keccak256(toHex('arbor-demo-ended-campaign')),
  })
  const hash = await walletClient.writeContract({
    address: token,
    abi: arborTokenAbi,
    functionName: 'transfer',
    args: [distributor, total],
    account: walletClient.account!,
    chain: walletClient.chain,
  })
  const receipt = await publicClient.waitForTransactionReceipt({ hash })
  if (receipt.status !== 'success') throw new TransactionRevertedError({ transactionHash: hash })

  const campaign = await db.campaign.create({
    data: {
      name: endedCampaignName,
      chainId,
      tokenAddress: token.toLowerCase(),
      distributorAddress: distributor.toLowerCase(),
      merkleRoot: tree.root,
      totalAmount: total.toString(),
      recipientCount: allocations.length,
      startAt: new Date(Number(startTime) * 1000),
      endAt: new Date(Number(endTime) * 1000),
      status: 'ended',
      importStatus: 'ready',
      allocationReview: { version: 1, ...summarizeAllocations(allocations.map(({ index, account, amount }) => [index, account.toLowerCase(), amount])) },
      createdBy: owner.toLowerCase(),
      allocations: {
        createMany: { data: allocations.map(({ index, account, amount }) => ({ index, account: account.toLowerCase(), amount: amount.toString() })) },
      },
      tree: { create: compactTreeRow(tree, allocations.length) },
    },
  })
  return { created: true, distributor, campaignId: campaign.id }
}

function compactTreeRow(tree: MerkleTree, leafCount: number) {
  return { format: COMPACT_TREE_FORMAT, leafTypes: [...CLAIM_LEAF_ENCODING], root: tree.root, leafCount, layers: new Uint8Array(encodeCompactTree(tree)) }
}

/**
 * The proof API serves from the stored compact tree: store it for the demo's campaigns seeded
 * without one (the live demo campaign), rebuilt from their allocations as they were built
 * (leaves `(index, account, amount)` in index order); a rebuilt root that differs is not stored.
 */
async function storeMissingTrees(db: Db, { chainId }: { chainId: number }) {
  const campaigns = await db.campaign.findMany({ where: { chainId, name: demoCampaignName, tree: null, merkleRoot: { not: null } }, select: { id: true, merkleRoot: true } })
  for (const { id, merkleRoot } of campaigns) {
    const allocations = await db.allocation.findMany({ where: { campaignId: id }, orderBy: { index: 'asc' } })
    if (allocations.length === 0 || allocations.some((allocation, i) => allocation.index !== i)) continue
    const tree = buildTree({ values: allocations.map((a) => [a.index, a.account, BigInt(a.amount.toFixed())]), leafEncoding: CLAIM_LEAF_ENCODING })
    if (tree.root !== merkleRoot) continue
    await db.campaignTree.create({ data: { campaignId: id, ...compactTreeRow(tree, allocations.length) } })
  }
}
