import {
  isAddressEqual,
  parseUnits,
  type Account,
  type Address,
  type Hash,
} from 'viem'
import { parseAccount, privateKeyToAccount } from 'viem/accounts'
import { isLocalRpcUrl, type ChainClients } from './clients'
import { arborTokenAbi, arborTokenBytecode } from './contracts'
import { deployContract } from './deploy-contract'
import { devAccounts, type DevAccount } from './dev-accounts'
import { TransactionRevertedError } from './errors'

export type DeployDemoContractsParameters = {
  /** Owns the token (may mint), receives the supply and funds the voters. */
  holder: Address
  /** Each receives `voterAllocation` and delegates to itself. Default: anvil accounts 0-4. */
  voters?: readonly DevAccount[]
  /** Default 1,000,000 tokens (18 decimals). */
  initialSupply?: bigint
  /** Default 10,000 tokens per voter. */
  voterAllocation?: bigint
  name?: string
  symbol?: string
}

export type DeployDemoContractsReturnType = {
  token: Address
  /** The block of the last delegation: every voter's power is checkpointed at or before it. */
  blockNumber: bigint
  voters: Address[]
}

/** Signs locally when the address is one of anvil's dev accounts; otherwise the node must sign. */
function signerFor(address: Address): Account {
  const dev = devAccounts.find((account) => isAddressEqual(account.address, address))
  return dev ? privateKeyToAccount(dev.privateKey) : parseAccount(address)
}

/** Waits for every transaction; throws on the first revert; returns the highest block number. */
async function waitForAll(
  publicClient: ChainClients['publicClient'],
  sends: Promise<Hash>[],
): Promise<bigint> {
  const receipts = await Promise.all(
    (await Promise.all(sends)).map((hash) => publicClient.waitForTransactionReceipt({ hash })),
  )
  const failed = receipts.find((receipt) => receipt.status !== 'success')
  if (failed) throw new TransactionRevertedError({ transactionHash: failed.transactionHash })
  return receipts.reduce((max, receipt) => (receipt.blockNumber > max ? receipt.blockNumber : max), 0n)
}

/**
 * Deploys the demo's ArborToken, funds the first few anvil accounts and has each self-delegate, so
 * they hold voting power from the returned block on. On a local chain one more block is mined, so
 * `getPastVotes(…, blockNumber)` already answers.
 */
export async function deployDemoContracts(
  clients: Pick<ChainClients, 'publicClient' | 'walletClient'>,
  {
    holder,
    voters = devAccounts.slice(0, 5),
    initialSupply = parseUnits('1000000', 18),
    voterAllocation = parseUnits('10000', 18),
    name = 'Arbor',
    symbol = 'ARB',
  }: DeployDemoContractsParameters,
): Promise<DeployDemoContractsReturnType> {
  const { publicClient, walletClient } = clients
  const holderAccount = signerFor(holder)
  const { address: token } = await deployContract(clients, {
    abi: arborTokenAbi,
    bytecode: arborTokenBytecode,
    args: [name, symbol, holder, holder, initialSupply],
    account: walletClient.account,
  })

  // Gas is estimated against the latest state, so the transfers land before anyone delegates: a
  // transfer to an account that has delegated writes a checkpoint its estimate did not pay for.
  let holderNonce = await publicClient.getTransactionCount({ address: holder, blockTag: 'pending' })
  const recipients = voters.filter((voter) => !isAddressEqual(voter.address, holder))
  await waitForAll(
    publicClient,
    recipients.map((voter) =>
      walletClient.writeContract({
        address: token,
        abi: arborTokenAbi,
        functionName: 'transfer',
        args: [voter.address, voterAllocation],
        account: holderAccount,
        chain: walletClient.chain,
        // One account's transactions in flight at once need explicit nonces.
        nonce: holderNonce++,
      }),
    ),
  )
  const blockNumber = await waitForAll(
    publicClient,
    voters.map((voter) =>
      walletClient.writeContract({
        address: token,
        abi: arborTokenAbi,
        functionName: 'delegate',
        args: [voter.address],
        account: isAddressEqual(voter.address, holder) ? holderAccount : privateKeyToAccount(voter.privateKey),
        chain: walletClient.chain,
      }),
    ),
  )

  const rpcUrl = publicClient.chain.rpcUrls.default.http[0]
  if (rpcUrl && isLocalRpcUrl(rpcUrl)) await publicClient.request({ method: 'evm_mine' } as never)

  return { token, blockNumber, voters: voters.map((voter) => voter.address) }
}
