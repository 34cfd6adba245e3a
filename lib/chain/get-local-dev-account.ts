import type { Address } from 'viem'
import { foundry } from 'viem/chains'
import { env, LOCAL_RPC_URL } from '@/lib/env'
import { isLocalRpcUrl } from './clients'
import { devAccounts } from './dev-accounts'

export type LocalDevAccount = { address: Address; rpcUrl: string; index: number }

/**
 * The anvil dev account a browser may sign with through the local node, when (and only when) this
 * install runs on a local anvil (chain 31337 on a localhost RPC): the first dev account that is an
 * admin, else #0. Undefined on any other chain.
 */
export function getLocalDevAccount({ admins = env.ADMIN_ADDRESSES }: { admins?: readonly string[] } = {}): LocalDevAccount | undefined {
  const rpcUrl = env.RPC_URL ?? LOCAL_RPC_URL
  if (env.CHAIN_ID !== foundry.id || !isLocalRpcUrl(rpcUrl)) return undefined
  const index = Math.max(0, devAccounts.findIndex((account) => admins.includes(account.address.toLowerCase())))
  return { address: devAccounts[index]!.address, rpcUrl, index }
}
