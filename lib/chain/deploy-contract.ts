import type {
  Abi,
  Account,
  Address,
  ContractConstructorArgs,
  Hash,
  Hex,
  TransactionReceipt,
} from 'viem'
import type { ChainClients } from './clients'
import { ContractDeploymentError } from './errors'

export type DeployContractParameters<abi extends Abi = Abi> = {
  abi: abi
  bytecode: Hex
  /** Constructor arguments, typed from the ABI. */
  args?: ContractConstructorArgs<abi>
  /** Defaults to the wallet client's account. */
  account?: Account | Address
  /** Explicit nonce, for several deployments from one account in flight at once. */
  nonce?: number
}

export type DeployContractReturnType = {
  address: Address
  transactionHash: Hash
  blockNumber: bigint
  receipt: TransactionReceipt
}

/** Sends a deployment and waits for its receipt; throws `ContractDeploymentError` on a revert. */
export async function deployContract<const abi extends Abi>(
  clients: Pick<ChainClients, 'publicClient' | 'walletClient'>,
  { abi, bytecode, args, account, nonce }: DeployContractParameters<abi>,
): Promise<DeployContractReturnType> {
  const { publicClient } = clients
  const { walletClient } = clients
  // viem's parameter type is a union over the ABI's constructor; ours is checked at the call site.
  const transactionHash = await walletClient.deployContract({
    abi: abi as Abi,
    bytecode,
    args: args as readonly unknown[] | undefined,
    account: account ?? walletClient.account,
    chain: walletClient.chain,
    nonce,
  })
  const receipt = await publicClient.waitForTransactionReceipt({ hash: transactionHash })
  if (receipt.status !== 'success' || !receipt.contractAddress) {
    throw new ContractDeploymentError({ transactionHash, status: receipt.status })
  }
  return { address: receipt.contractAddress, transactionHash, blockNumber: receipt.blockNumber, receipt }
}
