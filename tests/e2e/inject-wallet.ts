/**
 * The stand-in for a wallet extension, shared by the browser tests (fixtures.ts `wallet`) and
 * bench/airdrop/ui-import.ts: an EIP-1193 `window.ethereum`, injected into every page `page`
 * opens from now on, that shares `account` and forwards every other request to the anvil at
 * `rpcUrl`, which signs for its unlocked dev accounts. `window.__arborRejectNext = true` makes the
 * next signature or transaction fail with 4001. `chainId` starts it on another network.
 */
import type { Page } from 'playwright-core'
import type { Address } from 'viem'

export async function injectWallet(page: Page, { rpcUrl, account, chainId }: { rpcUrl: string; account: Address; chainId?: number }): Promise<void> {
  await page.addInitScript(
    ({ rpcUrl, account, chainId }) => {
      let id = 0
      let currentChainId: string | undefined = chainId === undefined ? undefined : `0x${chainId.toString(16)}`
      const listeners = new Map<string, Set<(value: unknown) => void>>()
      const emit = (event: string, value: unknown) => listeners.get(event)?.forEach((listener) => listener(value))
      const signing = new Set(['personal_sign', 'eth_signTypedData_v4', 'eth_sendTransaction', 'eth_signTypedData'])
      const state = window as unknown as { __arborRejectNext?: boolean; ethereum: unknown }
      const provider = {
        async request({ method, params }: { method: string; params?: unknown[] }) {
          if (method === 'eth_requestAccounts' || method === 'eth_accounts') return [account]
          if (method === 'wallet_requestPermissions') {
            return [{ parentCapability: 'eth_accounts', caveats: [{ type: 'restrictReturnedAccounts', value: [account] }] }]
          }
          if (method === 'eth_chainId' && currentChainId) return currentChainId
          if (method === 'wallet_switchEthereumChain') {
            currentChainId = (params?.[0] as { chainId: string }).chainId
            emit('chainChanged', currentChainId)
            return null
          }
          if (signing.has(method) && state.__arborRejectNext) {
            state.__arborRejectNext = false
            throw Object.assign(new Error('User rejected the request.'), { code: 4001 })
          }
          const response = await fetch(rpcUrl, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ jsonrpc: '2.0', id: ++id, method, params: params ?? [] }),
          })
          const body = (await response.json()) as { result?: unknown; error?: { code: number; message: string; data?: unknown } }
          if (body.error) throw Object.assign(new Error(body.error.message), { code: body.error.code, data: body.error.data })
          return body.result
        },
        on(event: string, listener: (value: unknown) => void) {
          if (!listeners.has(event)) listeners.set(event, new Set())
          listeners.get(event)!.add(listener)
        },
        removeListener(event: string, listener: (value: unknown) => void) {
          listeners.get(event)?.delete(listener)
        },
      }
      state.ethereum = provider
    },
    { rpcUrl, account, chainId },
  )
}
