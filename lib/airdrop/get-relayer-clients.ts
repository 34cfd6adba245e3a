import type { Hex } from 'viem'
import { createChainClients, type ChainClients } from '../chain/clients'
import { devAccounts } from '../chain/dev-accounts'
import { isLocalDevChain } from '../chain/is-local-dev-chain'
import { env, LOCAL_RPC_URL } from '../env'
import { RelayerNotConfiguredError } from './errors'

export type GetRelayerClientsParameters = { privateKey?: string; rpcUrl?: string; chainId?: number }

/**
 * The relayer's clients: RELAYER_PRIVATE_KEY on RPC_URL / CHAIN_ID (overrides first). On the local
 * dev chain without a key, anvil's account #0 (its key is public; nowhere else). Throws
 * `RelayerNotConfiguredError` naming RELAYER_PRIVATE_KEY when there is no key.
 */
export function getRelayerClients({ privateKey, rpcUrl, chainId }: GetRelayerClientsParameters = {}): ChainClients {
  const url = rpcUrl ?? env.RPC_URL ?? LOCAL_RPC_URL
  const chain = chainId ?? env.CHAIN_ID
  const key = privateKey ?? env.RELAYER_PRIVATE_KEY ?? (isLocalDevChain({ chainId: chain, rpcUrl: url }) ? devAccounts[0].privateKey : undefined)
  if (!key) {
    throw new RelayerNotConfiguredError('RELAYER_PRIVATE_KEY is not set: the relayer has no account to send claimMany from', {
      variable: 'RELAYER_PRIVATE_KEY',
    })
  }
  return createChainClients({ rpcUrl: url, chainId: chain, account: key as Hex })
}
