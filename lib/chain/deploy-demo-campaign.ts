import { isAddressEqual, keccak256, parseUnits, stringToBytes, toHex, type Account, type Address, type Hex } from 'viem'
import { parseAccount, privateKeyToAccount } from 'viem/accounts'
import { buildTree, dumpStandardTree } from '@/lib/merkle'
import type { ChainClients } from './clients'
import {
  arborDistributorFactoryAbi,
  arborDistributorFactoryBytecode,
  arborSettlementAbi,
  arborSettlementBytecode,
  arborTokenAbi,
} from './contracts'
import { createDistributor } from './create-distributor'
import { deployContract } from './deploy-contract'
import { devAccounts } from './dev-accounts'
import { TransactionRevertedError } from './errors'

export const demoAllocationEncoding = ['uint256', 'address', 'uint256'] as const

export type DemoAllocation = { index: number; account: Address; amount: bigint }

export type DeployDemoCampaignParameters = {
  /** The campaign's token (the demo's ArborToken). */
  token: Address
  /** Holds enough of `token` to fund the campaign; a dev account signs locally, others must be unlocked. */
  funder: Address
  /** Registry admin, settler and campaign owner. Default: dev account 0. */
  admin?: Address
  /** Default: `admin`. */
  settler?: Address
  /** Recipients besides the ten anvil dev accounts (which are always in). Default 40 generated addresses. */
  extraRecipients?: readonly Address[]
  /** Seconds from the latest block; default 0 (open now). */
  startsIn?: number
  /** Default 30 days. */
  duration?: number
  salt?: Hex
}

export type DeployDemoCampaignReturnType = {
  factory: Address
  settlement: Address
  distributor: Address
  merkleRoot: Hex
  /** keccak256 of the tree's OpenZeppelin `standard-v1` dump as JSON bytes, committed on-chain. */
  contentHash: Hex
  startTime: bigint
  endTime: bigint
  /** `(uint256 index, address account, uint256 amount)`, OpenZeppelin standard leaves. */
  leafEncoding: readonly string[]
  /** In index order; the tree was built from them with lib/merkle (`sortLeaves`, OZ's default). */
  allocations: DemoAllocation[]
  total: bigint
  /** Block of the funding transfer: the campaign is complete from here on. */
  blockNumber: bigint
}

function signerFor(address: Address): Account {
  const dev = devAccounts.find((account) => isAddressEqual(account.address, address))
  return dev ? privateKeyToAccount(dev.privateKey) : parseAccount(address)
}

/** Forty stable addresses nobody holds keys for, so the demo tree is more than the dev accounts. */
function generatedRecipients(count: number): Address[] {
  return Array.from({ length: count }, (_, i) => `0x${keccak256(toHex(`arbor-demo-recipient-${i}`)).slice(26)}` as Address)
}

/**
 * Deploys the distributor factory and the settlement registry (admin and settler: dev account 0
 * by default), then a funded demo campaign whose recipients are the ten anvil dev accounts
 * (1,000 down to 100 tokens) plus generated addresses (25 each). Returns what the seed stores.
 */
export async function deployDemoCampaign(
  clients: Pick<ChainClients, 'publicClient' | 'walletClient'>,
  {
    token,
    funder,
    admin = devAccounts[0].address,
    settler = admin,
    extraRecipients = generatedRecipients(40),
    startsIn = 0,
    duration = 30 * 86_400,
    salt = keccak256(toHex('arbor-demo-campaign')),
  }: DeployDemoCampaignParameters,
): Promise<DeployDemoCampaignReturnType> {
  const { publicClient, walletClient } = clients
  const { address: factory } = await deployContract(clients, { abi: arborDistributorFactoryAbi, bytecode: arborDistributorFactoryBytecode })
  const { address: settlement } = await deployContract(clients, {
    abi: arborSettlementAbi,
    bytecode: arborSettlementBytecode,
    args: [admin, settler],
  })

  const decimals = await publicClient.readContract({ address: token, abi: arborTokenAbi, functionName: 'decimals' })
  const allocations: DemoAllocation[] = [
    ...devAccounts.map((account, i) => ({ account: account.address as Address, amount: parseUnits(String(1000 - 100 * i), decimals) })),
    ...extraRecipients.map((account) => ({ account, amount: parseUnits('25', decimals) })),
  ].map((allocation, index) => ({ index, ...allocation }))
  const tree = buildTree({ values: allocations.map((a) => [a.index, a.account, a.amount]), leafEncoding: demoAllocationEncoding })
  const total = allocations.reduce((sum, a) => sum + a.amount, 0n)
  const contentHash = keccak256(stringToBytes(JSON.stringify(dumpStandardTree(tree))))

  const latest = await publicClient.getBlock()
  const startTime = latest.timestamp + BigInt(startsIn)
  const endTime = startTime + BigInt(duration)
  const { distributor } = await createDistributor(clients, {
    factory,
    campaign: { token, merkleRoot: tree.root, startTime, endTime, owner: admin, contentHash },
    salt,
  })
  const transactionHash = await walletClient.writeContract({
    address: token,
    abi: arborTokenAbi,
    functionName: 'transfer',
    args: [distributor, total],
    account: signerFor(funder),
    chain: walletClient.chain,
  })
  const receipt = await publicClient.waitForTransactionReceipt({ hash: transactionHash })
  if (receipt.status !== 'success') throw new TransactionRevertedError({ transactionHash })

  return {
    factory,
    settlement,
    distributor,
    merkleRoot: tree.root,
    contentHash,
    startTime,
    endTime,
    leafEncoding: [...demoAllocationEncoding],
    allocations,
    total,
    blockNumber: receipt.blockNumber,
  }
}
