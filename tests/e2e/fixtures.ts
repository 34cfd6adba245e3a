/**
 * The browser tests' fixtures: `import { test, expect } from './fixtures'`.
 *
 * - `wallet`: the stand-in for a wallet extension. `await wallet.use(address)` before `page.goto`
 *   injects an EIP-1193 `window.ethereum` that shares one account and forwards every other request
 *   to the e2e anvil, which signs for its unlocked dev accounts (`personal_sign`,
 *   `eth_signTypedData_v4`, `eth_sendTransaction`): real signatures, real transactions.
 *   `wallet.rejectNext()` makes the next signature or transaction fail with 4001, as when a person
 *   declines; `use(address, { chainId })` starts it on another network (it switches when asked).
 * - `chain`: a viem client on the e2e anvil: `chain.public`, `chain.wallet(address)`,
 *   `chain.mine()`, `chain.increaseTime(seconds)`.
 * - `consoleErrors` (automatic): the test fails on any console error or uncaught page error.
 *   `consoleErrors.allow(422)` accepts Chromium's "Failed to load resource" line for a status the
 *   test provokes on purpose.
 * - `signInAsAdmin(page)`: signs in at /admin with the local dev account #0 (the e2e stack's admin).
 */
import { expect, test as base, type Page } from '@playwright/test'
import { createPublicClient, createTestClient, createWalletClient, http, type Address, type PublicClient, type WalletClient } from 'viem'
import { foundry } from 'viem/chains'
import { devAccounts } from '../../lib/chain/dev-accounts'
import { injectWallet } from './inject-wallet'
import { rpcUrl } from './ports'

export type Wallet = {
  /** Injects the wallet for `address` into every page the test opens from now on. Call before `page.goto`. */
  use(address: Address, options?: { chainId?: number }): Promise<void>
  /** The next `personal_sign`, `eth_signTypedData_v4` or `eth_sendTransaction` is declined (EIP-1193 error 4001). */
  rejectNext(): Promise<void>
}

export type Chain = {
  public: PublicClient
  /** A wallet client for one of anvil's unlocked dev accounts. */
  wallet(address: Address): WalletClient
  mine(blocks?: number): Promise<void>
  /** Moves the chain's clock forward and mines a block at the new time. */
  increaseTime(seconds: number): Promise<void>
}

export type ConsoleErrors = {
  /** Accepts Chromium's console line for a fetch answered with `status` (a 4xx the test provokes). */
  allow(...statuses: number[]): void
  readonly errors: string[]
}

type Fixtures = { wallet: Wallet; chain: Chain; consoleErrors: ConsoleErrors }

const localChain = { ...foundry, rpcUrls: { default: { http: [rpcUrl] } } }

export const test = base.extend<Fixtures>({
  wallet: async ({ page }, provide) => {
    await provide({
      use: (address, options) => injectWallet(page, { rpcUrl, account: address, chainId: options?.chainId }),
      rejectNext: async () => {
        await page.evaluate(() => {
          ;(window as unknown as { __arborRejectNext?: boolean }).__arborRejectNext = true
        })
      },
    })
  },
  chain: async ({}, provide) => {
    const testClient = createTestClient({ mode: 'anvil', chain: localChain, transport: http(rpcUrl) })
    const publicClient = createPublicClient({ chain: localChain, transport: http(rpcUrl), pollingInterval: 50 })
    await provide({
      public: publicClient as PublicClient,
      wallet: (address) => createWalletClient({ account: address, chain: localChain, transport: http(rpcUrl) }),
      mine: (blocks = 1) => testClient.mine({ blocks }),
      increaseTime: async (seconds) => {
        await testClient.increaseTime({ seconds })
        await testClient.mine({ blocks: 1 })
      },
    })
  },
  consoleErrors: [
    async ({ page }, provide) => {
      const errors: string[] = []
      const allowed = new Set<number>()
      const prefix = 'Failed to load resource: the server responded with a status of '
      page.on('console', (message) => {
        if (message.type() !== 'error') return
        const text = message.text()
        if (text.startsWith(prefix) && allowed.has(Number(text.slice(prefix.length, prefix.length + 3)))) return
        errors.push(`console: ${text}`)
      })
      page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`))
      await provide({ allow: (...statuses) => statuses.forEach((status) => allowed.add(status)), errors })
      expect(errors, 'console errors on the page').toEqual([])
    },
    { auto: true },
  ],
})

export { expect }

/** Signs in at /admin with local dev account #0, the e2e stack's admin, and waits for the session. */
export async function signInAsAdmin(page: Page): Promise<void> {
  await page.goto('/admin')
  await page.getByTestId('dev-sign-in').click()
  await expect(page.getByTestId('admin-address')).toHaveText(devAccounts[0].address)
}
