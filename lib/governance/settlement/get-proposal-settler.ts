import type { Address } from 'viem'
import { createChainClients, type ChainClients } from '../../chain/clients'
import { env, LOCAL_RPC_URL } from '../../env'

export type GetProposalSettlerParameters = { rpcUrl?: string; address?: string; privateKey?: string; chainId?: number }

/**
 * The account that settles proposals and where: SETTLEMENT_ADDRESS and SETTLER_PRIVATE_KEY (the same
 * settler that posts checkpoints) on RPC_URL / CHAIN_ID, overrides first. Undefined when either is
 * missing: nothing can be settled.
 */
export function getProposalSettler(overrides: GetProposalSettlerParameters = {}): { settlement: Address; clients: ChainClients } | undefined {
  const address = overrides.address ?? env.SETTLEMENT_ADDRESS
  const privateKey = overrides.privateKey ?? env.SETTLER_PRIVATE_KEY
  if (!address || !privateKey) return undefined
  const clients = createChainClients({
    rpcUrl: overrides.rpcUrl ?? env.RPC_URL ?? LOCAL_RPC_URL,
    chainId: overrides.chainId ?? env.CHAIN_ID,
    account: privateKey as `0x${string}`,
  })
  return { settlement: address as Address, clients }
}
