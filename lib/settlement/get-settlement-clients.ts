import type { Address } from 'viem'
import { createChainClients, type ChainClients } from '../chain/clients'
import { env, LOCAL_RPC_URL } from '../env'

export type GetSettlementTargetParameters = { rpcUrl?: string; address?: string; privateKey?: string; chainId?: number }

/**
 * The configured settlement target (SETTLEMENT_ADDRESS + SETTLER_PRIVATE_KEY on RPC_URL / CHAIN_ID,
 * overrides first), or undefined: checkpoints stay pending and no proposal can be settled. The one
 * settler posts intake checkpoints and settles proposals.
 */
export function getSettlementTarget(overrides: GetSettlementTargetParameters = {}): { address: Address; clients: ChainClients } | undefined {
  const address = overrides.address ?? env.SETTLEMENT_ADDRESS
  const privateKey = overrides.privateKey ?? env.SETTLER_PRIVATE_KEY
  if (!address || !privateKey) return undefined
  const clients = createChainClients({
    rpcUrl: overrides.rpcUrl ?? env.RPC_URL ?? LOCAL_RPC_URL,
    chainId: overrides.chainId ?? env.CHAIN_ID,
    account: privateKey as `0x${string}`,
  })
  return { address: address as Address, clients }
}
