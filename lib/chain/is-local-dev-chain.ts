import { foundry } from 'viem/chains'
import { isLocalRpcUrl } from './clients'

/**
 * Whether Arbor talks to the local dev stack's anvil: chain 31337 on an RPC on this machine. Only
 * there do public dev keys and unauthenticated maintenance routes make sense.
 */
export function isLocalDevChain({ chainId, rpcUrl }: { chainId: number; rpcUrl: string }): boolean {
  return chainId === foundry.id && isLocalRpcUrl(rpcUrl)
}
