import { parseEventLogs, type Address, type Hash, type Hex, type TransactionReceipt } from 'viem'
import type { ChainClients } from './clients'
import { arborDistributorFactoryAbi } from './contracts'
import { TransactionRevertedError } from './errors'

/** A campaign's parameters as `ArborDistributorFactory.createDistributor` takes them. */
export type DistributorCampaign = {
  token: Address
  merkleRoot: Hex
  /** Unix seconds, inclusive. */
  startTime: bigint
  /** Unix seconds, exclusive; the owner may claw back from then on. */
  endTime: bigint
  owner: Address
  /** 32 bytes committing to the allocation dataset (e.g. keccak256 of the standard-v1 dump's JSON bytes); never zero. */
  contentHash: Hex
}

export type CreateDistributorParameters = {
  factory: Address
  campaign: DistributorCampaign
  /** Any 32 bytes; with the campaign it fixes the address. Default zero. */
  salt?: Hex
  nonce?: number
}

export type CreateDistributorReturnType = { distributor: Address; transactionHash: Hash; receipt: TransactionReceipt }

export type PredictDistributorAddressParameters = Omit<CreateDistributorParameters, 'nonce'>

export const zeroSalt = `0x${'0'.repeat(64)}` as const

/**
 * Where `createDistributor` deploys (or deployed) the campaign's distributor, asked of the factory
 * (`predictDistributorAddress`, a CREATE2 address over the distributor's code and the campaign).
 * `getDistributorAddress` computes the same address offline.
 */
export async function predictDistributorAddress(
  publicClient: Pick<ChainClients['publicClient'], 'readContract'>,
  { factory, campaign, salt = zeroSalt }: PredictDistributorAddressParameters,
): Promise<Address> {
  return await publicClient.readContract({
    address: factory,
    abi: arborDistributorFactoryAbi,
    functionName: 'predictDistributorAddress',
    args: [campaign, salt],
  })
}

/**
 * Deploys a campaign's distributor through the factory (a full contract, CREATE2) and waits for
 * it. Fund it afterwards by transferring the total. Throws `TransactionRevertedError`; a campaign
 * the factory refuses reverts in simulation with `ZeroAddress`, `EmptyRoot`, `EmptyContentHash`,
 * `InvalidTimeWindow` or `DistributorExists`.
 */
export async function createDistributor(
  clients: Pick<ChainClients, 'publicClient' | 'walletClient'>,
  { factory, campaign, salt = zeroSalt, nonce }: CreateDistributorParameters,
): Promise<CreateDistributorReturnType> {
  const { publicClient, walletClient } = clients
  const transactionHash = await walletClient.writeContract({
    address: factory,
    abi: arborDistributorFactoryAbi,
    functionName: 'createDistributor',
    args: [campaign, salt],
    account: walletClient.account,
    chain: walletClient.chain,
    nonce,
  })
  const receipt = await publicClient.waitForTransactionReceipt({ hash: transactionHash })
  if (receipt.status !== 'success') throw new TransactionRevertedError({ transactionHash })
  const [created] = parseEventLogs({ abi: arborDistributorFactoryAbi, eventName: 'DistributorCreated', logs: receipt.logs })
  if (!created) throw new TransactionRevertedError({ transactionHash })
  return { distributor: created.args.distributor, transactionHash, receipt }
}
