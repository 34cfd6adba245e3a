import { foundry } from 'viem/chains'
import { env, LOCAL_RPC_URL } from '@/lib/env'
import { isLocalRpcUrl } from './clients'
import { devAccounts } from './dev-accounts'
import type { LocalDevAccount } from './get-local-dev-account'

/** Defaults: CHAIN_ID and RPC_URL (the dev stack's anvil when unset). */
export type ListLocalDevAccountsParameters = { chainId?: number; rpcUrl?: string }

/**
 * anvil's ten dev accounts, which a browser may use through the local node without a wallet
 * extension (anvil signs for them), when (and only when) this install runs on a local anvil (chain
 * 31337 on a localhost RPC). Empty on any other chain. Their keys are public test keys.
 */
export function listLocalDevAccounts({ chainId = env.CHAIN_ID, rpcUrl = env.RPC_URL ?? LOCAL_RPC_URL }: ListLocalDevAccountsParameters = {}): LocalDevAccount[] {
  if (chainId !== foundry.id || !isLocalRpcUrl(rpcUrl)) return []
  return devAccounts.map((account, index) => ({ address: account.address, rpcUrl, index }))
}
