import {
  createPublicClient,
  createWalletClient,
  defineChain,
  http,
  type Account,
  type Address,
  type Chain,
  type Hex,
  type HttpTransport,
  type PublicClient,
  type WalletClient,
} from 'viem'
import { parseAccount, privateKeyToAccount } from 'viem/accounts'
import { foundry } from 'viem/chains'

/** A local account, a 32-byte private key (signs in-process), or an address the node signs for. */
export type AccountSource = Account | Address | Hex

export type CreateChainClientsParameters<source extends AccountSource | undefined = undefined> = {
  rpcUrl: string
  chainId: number
  /** Default sender of the wallet client; anvil's dev accounts work as address or private key. */
  account?: source
}

/** Clients for one chain; `ChainClients` alone has a default account, `ChainClients<undefined>` has none. */
export type ChainClients<account extends Account | undefined = Account> = {
  chain: Chain
  publicClient: PublicClient<HttpTransport, Chain>
  walletClient: WalletClient<HttpTransport, Chain, account>
}

/** Private keys become local accounts; addresses become JSON-RPC accounts the node signs for. */
export function toAccount(source: AccountSource): Account {
  if (typeof source !== 'string') return source
  return source.length === 66 ? privateKeyToAccount(source) : parseAccount(source as Address)
}

const localHosts = new Set(['127.0.0.1', 'localhost', '[::1]', '0.0.0.0'])

/** Whether `rpcUrl` is a node on this machine, where 50 ms polling is cheap and keeps tests fast. */
export function isLocalRpcUrl(rpcUrl: string): boolean {
  return localHosts.has(new URL(rpcUrl).hostname)
}

/**
 * viem public and wallet clients for one chain. Local chains (anvil) poll every 50 ms: anvil
 * answers a send before the block exists, so receipts are waited for, and waiting should be short.
 */
export function createChainClients<const source extends AccountSource | undefined = undefined>({
  rpcUrl,
  chainId,
  account,
}: CreateChainClientsParameters<source>): ChainClients<source extends undefined ? undefined : Account> {
  const local = isLocalRpcUrl(rpcUrl)
  const chain = defineChain({
    ...foundry,
    id: chainId,
    name: chainId === foundry.id ? foundry.name : `Chain ${chainId}`,
    rpcUrls: { default: { http: [rpcUrl] } },
  })
  const pollingInterval = local ? 50 : 4_000
  const transport = http(rpcUrl, { batch: false })
  const publicClient = createPublicClient({ chain, transport, pollingInterval })
  const walletClient = createWalletClient({
    chain,
    transport,
    account: account === undefined ? undefined : toAccount(account),
    pollingInterval,
  })
  return { chain, publicClient, walletClient: walletClient as never }
}
