import { getAddress, keccak256, toHex, type Account, type Address, type Hash } from 'viem'
import type { ChainClients } from './clients'
import { arborExecutorAbi, arborExecutorBytecode, arborTimelockAbi, arborTimelockBytecode } from './contracts'
import { deployContract } from './deploy-contract'
import { TransactionRevertedError } from './errors'

export type DeployDaoExecutorParameters = {
  /** The `ArborSettlement` whose recorded results the executor obeys. */
  settlement: Address
  /** Receives the timelock's `CANCELLER_ROLE`: may cancel (veto) a queued proposal, nothing else. */
  guardian: Address
  /** The timelock's minimum delay in seconds: the veto window between queue and execute. */
  minDelay: bigint
  /** Sends the deployments; holds the timelock's admin role only until the roles are set. Default: the wallet client's account. */
  account?: Account
}

export type DeployDaoExecutorReturnType = {
  /** Checksummed, as the others. The treasury: OpenZeppelin `TimelockController` (`ArborTimelock`). */
  timelock: Address
  /** `ArborExecutor`: the timelock's only proposer and executor. */
  executor: Address
  guardian: Address
  /** Seconds. */
  minDelay: bigint
}

export const TIMELOCK_ROLES = {
  admin: `0x${'0'.repeat(64)}`,
  proposer: keccak256(toHex('PROPOSER_ROLE')),
  executor: keccak256(toHex('EXECUTOR_ROLE')),
  canceller: keccak256(toHex('CANCELLER_ROLE')),
} as const

/**
 * Deploys one DAO's treasury and its executor:
 * - a `TimelockController` with `minDelay` seconds (the veto window);
 * - an `ArborExecutor` bound to `settlement` and that timelock.
 *
 * Roles on the timelock when it returns:
 * - `PROPOSER_ROLE`, `EXECUTOR_ROLE`: the executor only, so nothing but a passed proposal's
 *   recorded actions is ever scheduled, and only through the executor is it run (anyone may call
 *   `ArborExecutor.execute`). OpenZeppelin also gives proposers `CANCELLER_ROLE`; the executor has
 *   no function that cancels;
 * - `CANCELLER_ROLE`: the guardian (the veto);
 * - `DEFAULT_ADMIN_ROLE`: the timelock itself only. The deployer is admin for the two grants and
 *   then renounces, so roles change only through a passed proposal, after the delay.
 *
 * Six transactions, sent one after another. Throws `ContractDeploymentError` or
 * `TransactionRevertedError` on a revert.
 */
export async function deployDaoExecutor(
  clients: Pick<ChainClients, 'publicClient' | 'walletClient'>,
  { settlement, guardian, minDelay, account = clients.walletClient.account }: DeployDaoExecutorParameters,
): Promise<DeployDaoExecutorReturnType> {
  const { publicClient, walletClient } = clients
  const deployer = account.address
  const { address: timelock } = await deployContract(clients, {
    abi: arborTimelockAbi,
    bytecode: arborTimelockBytecode,
    args: [minDelay, [], [], deployer],
    account,
  })
  const { address: executor } = await deployContract(clients, {
    abi: arborExecutorAbi,
    bytecode: arborExecutorBytecode,
    args: [settlement, timelock],
    account,
  })
  const send = async (functionName: 'grantRole' | 'renounceRole', args: readonly [Hash, Address]) => {
    const hash = await walletClient.writeContract({ address: timelock, abi: arborTimelockAbi, functionName, args, account, chain: walletClient.chain })
    const receipt = await publicClient.waitForTransactionReceipt({ hash })
    if (receipt.status !== 'success') throw new TransactionRevertedError({ transactionHash: hash })
  }
  await send('grantRole', [TIMELOCK_ROLES.proposer, executor])
  await send('grantRole', [TIMELOCK_ROLES.executor, executor])
  await send('grantRole', [TIMELOCK_ROLES.canceller, guardian])
  await send('renounceRole', [TIMELOCK_ROLES.admin, deployer])
  return { timelock: getAddress(timelock), executor: getAddress(executor), guardian: getAddress(guardian), minDelay }
}
