import { env, LOCAL_RPC_URL } from '@/lib/env'
import { createChainClients, type ChainClients } from './clients'

let cached: ChainClients['publicClient'] | undefined

/** The server's public client for the configured chain (RPC_URL, else the dev stack's anvil). */
export function getPublicClient(): ChainClients['publicClient'] {
  cached ??= createChainClients({ rpcUrl: env.RPC_URL ?? LOCAL_RPC_URL, chainId: env.CHAIN_ID }).publicClient
  return cached
}
