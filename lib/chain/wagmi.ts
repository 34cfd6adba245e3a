import { defineChain, type Address } from 'viem'
import { foundry } from 'viem/chains'
import { createConfig, http } from 'wagmi'
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
  /** On a local anvil: an unlocked dev account the node signs for (see lib/chain/get-local-dev-account). */
  devAccount?: { address: Address; rpcUrl: string; index: number }
}

/** The id of the local dev account connector. */
export const devAccountConnectorId = 'arborDevAccount'

/**
 * wagmi config for the browser: one chain, injected wallets (EIP-6963 discovery included), and on
 * a local chain a "local dev account" connector backed by anvil. A factory, so a provider can
 * create it once per page load (`useState(...)`); `ssr: true` defers reconnecting until hydration.
 * Browser-safe: imports nothing server-only.
 */
export function createWagmiConfig({ devAccount }: CreateWagmiConfigParameters = {}) {
  const devConnector = devAccount
    ? injected({
        target: {
          id: devAccountConnectorId,
          name: `Local dev account #${devAccount.index}`,
          provider: createDevAccountProvider(devAccount) as never,
        },
      })
    : undefined
  return createConfig({
    chains: [arborChain],
    connectors: devConnector ? [injected(), devConnector] : [injected()],
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
