import type { Address, EIP1193Provider } from 'viem'

export type CreateDevAccountProviderParameters = {
  /** A local anvil's JSON-RPC: it signs for its unlocked dev accounts. */
  rpcUrl: string
  address: Address
}

/**
 * An EIP-1193 provider for one of anvil's unlocked dev accounts: it reports that account and
 * forwards everything else (`personal_sign` included) to anvil, which signs. What lets a person
 * use `npm run dev` without a wallet extension; offered only on a local chain. Browser-safe.
 *
 * Like a wallet, it shares its account only after the page asked (`eth_requestAccounts`) and until
 * the page revokes it, remembered in localStorage: so wagmi reconnects the account a person chose
 * after a reload, and never connects the others on its own.
 */
export function createDevAccountProvider({ rpcUrl, address }: CreateDevAccountProviderParameters): EIP1193Provider {
  let id = 0
  const permission = `arbor.devAccount.${address.toLowerCase()}.connected`
  const storage = () => (typeof localStorage === 'undefined' ? undefined : localStorage)
  async function request({ method, params }: { method: string; params?: unknown }): Promise<unknown> {
    switch (method) {
      case 'eth_requestAccounts':
      case 'wallet_requestPermissions':
        storage()?.setItem(permission, '1')
        return method === 'eth_requestAccounts'
          ? [address]
          : [{ parentCapability: 'eth_accounts', caveats: [{ type: 'restrictReturnedAccounts', value: [address] }] }]
      case 'eth_accounts':
        return storage()?.getItem(permission) ? [address] : []
      case 'wallet_revokePermissions':
        storage()?.removeItem(permission)
        return null
    }
    const response = await fetch(rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: ++id, method, params: params ?? [] }),
    })
    const body = (await response.json()) as { result?: unknown; error?: { code: number; message: string; data?: unknown } }
    if (body.error) throw Object.assign(new Error(body.error.message), { code: body.error.code, data: body.error.data })
    return body.result
  }
  return { request, on: () => {}, removeListener: () => {} } as unknown as EIP1193Provider
}
