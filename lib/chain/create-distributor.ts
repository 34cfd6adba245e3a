import { parseEventLogs, type Address, type Hash, type Hex, type TransactionReceipt } from 'viem'
import type { ChainClients } from './clients'
import { arborDistributorFactoryAbi } from './contracts'
import { TransactionRevertedError } from './errors'

export type DistributorCampaign = {
  token: Address
  merkleRoot: Hex
  /** Unix seconds, inclusive. */
  startTime: bigint
  /** Unix seconds, exclusive; the owner may claw back from then on. */
  endTime: bigint
  owner: Address
}

export type CreateDistributorParameters = {
  factory: Address
  campaign: DistributorCampaign
  /** Any 32 bytes; with the campaign it fixes the address. Default zero. */
  salt?: Hex
  nonce?: number
}

export type CreateDistributorReturnType = { distributor: Address; transactionHash: Hash; receipt: TransactionReceipt }

const zeroSalt = `0x${'0'.repeat(64)}` as const

/** Where `createDistributor` puts (or put) the campaign's distributor, read from the factory. */
export async function predictDistributorAddress(
  publicClient: ChainClients['publicClient'],
  { factory, campaign, salt = zeroSalt }: Omit<CreateDistributorParameters, 'nonce'>,
): Promise<Address> {
  return await publicClient.readContract({
    address: factory,
    abi: arborDistributorFactoryAbi,
    functionName: 'predictDistributorAddress',
    args: [campaign, salt],
  })
}

/** Creates a campaign's distributor through the factory and waits for it. Fund it afterwards. */
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
