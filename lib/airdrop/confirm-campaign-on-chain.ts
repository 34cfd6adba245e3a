import { erc20Abi, getAddress, parseEventLogs, type Address, type Hash } from 'viem'
import type { ChainClients } from '../chain/clients'
import { arborDistributorAbi, arborDistributorFactoryAbi } from '../chain/contracts'
import type { Db } from '../db/types'
import { distributorCampaignOf } from './distributor-campaign-of'
import { CampaignChainMismatchError, CampaignStateError } from './errors'
import { getCampaignOrThrow } from './get-campaign-or-throw'

export type ConfirmCampaignOnChainParameters = {
  campaignId: string
  /** The factory transaction the admin's wallet sent, if any: its `DistributorCreated` names the distributor. */
  deployTxHash?: Hash
  /** The funding transfer, recorded for the page once the balance is seen. */
  fundTxHash?: Hash
}

export type ConfirmCampaignOnChainReturnType = {
  status: 'draft' | 'deploying' | 'active' | 'ended' | 'clawed_back'
  distributorAddress: Address | null
  /** Token balance of the distributor, base units. */
  balance: string
  /** What is still missing for every unclaimed allocation, base units ("0" when funded). */
  shortfall: string
}

/**
 * Checks the chain, not the client's word: the distributor exists at the campaign's address
 * (predicted, or from the deployment's `DistributorCreated` event), holds exactly this campaign's
 * parameters (token, root, window, owner who may claw back, content hash: `distributorCampaignOf`),
 * and its token balance covers the total not yet claimed. Then the campaign becomes
 * `deploying` (deployed, underfunded) or `active` (live). Throws `CampaignChainMismatchError`
 * (422) when the contract found is not this campaign's, `CampaignStateError` (409) before the
 * tree is ready.
 */
export async function confirmCampaignOnChain(
  db: Db,
  publicClient: ChainClients['publicClient'],
  { campaignId, deployTxHash, fundTxHash }: ConfirmCampaignOnChainParameters,
): Promise<ConfirmCampaignOnChainReturnType> {
  const campaign = await getCampaignOrThrow(db, { campaignId })
  if (!campaign.merkleRoot || campaign.importStatus !== 'ready') {
    throw new CampaignStateError('upload the allocations before deploying', { field: 'campaignId' })
  }
  let distributor = (campaign.distributorAddress ?? campaign.predictedDistributorAddress) as Address | null
  if (deployTxHash) {
    const receipt = await publicClient.waitForTransactionReceipt({ hash: deployTxHash, timeout: 60_000 })
    if (receipt.status !== 'success') throw new CampaignChainMismatchError('the deployment transaction reverted', { field: 'deployTxHash' })
    const [created] = parseEventLogs({ abi: arborDistributorFactoryAbi, eventName: 'DistributorCreated', logs: receipt.logs })
    if (!created) throw new CampaignChainMismatchError('that transaction created no distributor', { field: 'deployTxHash' })
    distributor = created.args.distributor
  }
  if (!distributor) throw new CampaignStateError('the distributor address is not known yet: deploy it first', { field: 'deployTxHash' })
  distributor = getAddress(distributor)
  const code = await publicClient.getCode({ address: distributor })
  if (!code || code === '0x') throw new CampaignChainMismatchError(`no contract at ${distributor} yet`, { field: 'deployTxHash', distributor })
  const deployed = await publicClient.readContract({ address: distributor, abi: arborDistributorAbi, functionName: 'campaign' })
  // A campaign without its window, content hash or creator stored is checked on token and root alone.
  const expected: Partial<typeof deployed> = distributorCampaignOf(campaign)?.campaign ?? { token: campaign.tokenAddress as Address, merkleRoot: campaign.merkleRoot as Hash }
  const differs = (Object.keys(expected) as (keyof typeof expected)[]).filter((field) => String(deployed[field]).toLowerCase() !== String(expected[field]).toLowerCase())
  if (differs.length > 0) {
    throw new CampaignChainMismatchError(`the contract at ${distributor} is not this campaign's distributor (other ${differs.join(', ')})`, {
      field: 'deployTxHash',
      distributor,
    })
  }
  const token = deployed.token
  const balance = await publicClient.readContract({ address: token, abi: erc20Abi, functionName: 'balanceOf', args: [distributor] })
  const claimed = await db.claim.aggregate({ where: { campaignId, status: 'confirmed' }, _sum: { amount: true } })
  const owed = BigInt(campaign.totalAmount.toFixed(0)) - BigInt(claimed._sum.amount?.toFixed(0) ?? '0')
  const shortfall = owed > balance ? owed - balance : 0n
  const live = shortfall === 0n
  const status = campaign.status === 'draft' || campaign.status === 'deploying' ? (live ? 'active' : 'deploying') : campaign.status
  const updated = await db.campaign.update({
    where: { id: campaignId },
    data: {
      distributorAddress: distributor.toLowerCase(),
      deployTxHash: deployTxHash ?? campaign.deployTxHash,
      fundTxHash: fundTxHash ?? campaign.fundTxHash,
      status,
      liveAt: live ? (campaign.liveAt ?? new Date()) : campaign.liveAt,
    },
    select: { status: true },
  })
  return { status: updated.status, distributorAddress: distributor, balance: balance.toString(), shortfall: shortfall.toString() }
}
