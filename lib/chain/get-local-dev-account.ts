import type { Address } from 'viem'
import { foundry } from 'viem/chains'
import { env, LOCAL_RPC_URL } from '@/lib/env'
import { isLocalRpcUrl } from './clients'
import { devAccounts } from './dev-accounts'

export type LocalDevAccount = { address: Address; rpcUrl: string; index: number }

/** Defaults: ADMIN_ADDRESSES, CHAIN_ID and RPC_URL (the dev stack's anvil when unset). */
export type GetLocalDevAccountParameters = { admins?: readonly string[]; chainId?: number; rpcUrl?: string }

/**
 * The anvil dev account a browser may sign with through the local node: the first dev account that
 * is an admin, when (and only when) this install runs on a local anvil (chain 31337 on a localhost
 * RPC). Undefined on any other chain, and when no dev account is an admin.
 */
export function getLocalDevAccount({
  admins = env.ADMIN_ADDRESSES,
  chainId = env.CHAIN_ID,
  rpcUrl = env.RPC_URL ?? LOCAL_RPC_URL,
}: GetLocalDevAccountParameters = {}): LocalDevAccount | undefined {
  if (chainId !== foundry.id || !isLocalRpcUrl(rpcUrl)) return undefined
  const index = devAccounts.findIndex((account) => admins.includes(account.address.toLowerCase()))
  return index < 0 ? undefined : { address: devAccounts[index]!.address, rpcUrl, index }
}
