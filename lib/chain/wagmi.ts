import { defineChain, type Address } from 'viem'
import { foundry } from 'viem/chains'
import { cookieStorage, createConfig, createStorage, http } from 'wagmi'
import { injected } from 'wagmi/connectors/injected'
import { clientEnv } from '@/lib/env'
import { createDevAccountProvider } from './dev-account-provider'

const rpcUrl = clientEnv.NEXT_PUBLIC_RPC_URL
const local = ['127.0.0.1', 'localhost'].includes(new URL(rpcUrl).hostname)

/** The chain the browser talks to, from NEXT_PUBLIC_CHAIN_ID and NEXT_PUBLIC_RPC_URL. */
export const arborChain = defineChain({
  ...foundry,
  id: clientEnv.NEXT_PUBLIC_CHAIN_ID,
  name: clientEnv.NEXT_PUBLIC_CHAIN_ID === foundry.id ? foundry.name : `Chain ${clientEnv.NEXT_PUBLIC_CHAIN_ID}`,
  rpcUrls: { default: { http: [rpcUrl] } },
})

export type CreateWagmiConfigParameters = {
  /** On a local anvil: unlocked dev accounts the node signs for (see lib/chain/list-local-dev-accounts). */
  devAccounts?: readonly { address: Address; rpcUrl: string; index: number }[]
}

const devAccountConnectorPrefix = 'arborDevAccount:'

/** The connector id of local dev account `index`. */
export function devAccountConnectorId(index: number): string {
  return `${devAccountConnectorPrefix}${index}`
}

/** Whether a connector is one of the local dev accounts (not a wallet the person installed). */
export function isDevAccountConnector(connector: { id: string }): boolean {
  return connector.id.startsWith(devAccountConnectorPrefix)
}

/**
 * wagmi config for the browser: one chain, injected wallets (EIP-6963 discovery included), and on
 * a local chain one "local dev account" connector per anvil account. A factory, so the provider can
 * create it once per page load (`useState(...)`); `ssr: true` defers reconnecting until hydration
 * and the cookie storage lets the server render the connection a reload restores
 * (`cookieToInitialState`). Browser-safe: imports nothing server-only.
 */
export function createWagmiConfig({ devAccounts = [] }: CreateWagmiConfigParameters = {}) {
  const devConnectors = devAccounts.map((devAccount) =>
    injected({
      target: {
        id: devAccountConnectorId(devAccount.index),
        name: `Local dev account #${devAccount.index}`,
        provider: createDevAccountProvider(devAccount) as never,
      },
    }),
  )
  return createConfig({
    chains: [arborChain],
    connectors: [injected(), ...devConnectors],
    storage: createStorage({ storage: cookieStorage }),
    transports: { [arborChain.id]: http(rpcUrl) },
    // A local node answers in milliseconds; public RPCs get wagmi's default.
    pollingInterval: local ? 250 : 4_000,
    ssr: true,
  })
}

declare module 'wagmi' {
  interface Register {
    config: ReturnType<typeof createWagmiConfig>
  }
}
