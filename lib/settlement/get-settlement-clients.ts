import type { Address } from 'viem'
import { createChainClients } from '../chain/clients'
import { env, LOCAL_RPC_URL } from '../env'
import type { SettleCheckpointParameters } from './settle-checkpoint'

/** The configured settlement target (SETTLEMENT_ADDRESS + SETTLER_PRIVATE_KEY), or undefined: checkpoints stay pending. */
export function getSettlementTarget(
  overrides: { rpcUrl?: string; address?: string; privateKey?: string; chainId?: number } = {},
): SettleCheckpointParameters['settlement'] {
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
