import { defineChain } from 'viem'
import { foundry } from 'viem/chains'
import { createConfig, http } from 'wagmi'
import { injected } from 'wagmi/connectors/injected'
import { clientEnv } from '@/lib/env'

const rpcUrl = clientEnv.NEXT_PUBLIC_RPC_URL
const local = ['127.0.0.1', 'localhost'].includes(new URL(rpcUrl).hostname)

/** The chain the browser talks to, from NEXT_PUBLIC_CHAIN_ID and NEXT_PUBLIC_RPC_URL. */
export const arborChain = defineChain({
  ...foundry,
  id: clientEnv.NEXT_PUBLIC_CHAIN_ID,
  name: clientEnv.NEXT_PUBLIC_CHAIN_ID === foundry.id ? foundry.name : `Chain ${clientEnv.NEXT_PUBLIC_CHAIN_ID}`,
  rpcUrls: { default: { http: [rpcUrl] } },
})

/**
 * wagmi config for the browser: one chain, injected wallets (EIP-6963 discovery included).
 * A factory, so a provider can create it once per page load (`useState(createWagmiConfig)`);
 * `ssr: true` defers reconnecting until hydration. Browser-safe: imports nothing server-only.
 */
export function createWagmiConfig() {
  return createConfig({
    chains: [arborChain],
    connectors: [injected()],
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
