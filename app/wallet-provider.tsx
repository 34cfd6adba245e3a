'use client'

import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { useState, type ReactNode } from 'react'
import { WagmiProvider } from 'wagmi'
import { createWagmiConfig, type CreateWagmiConfigParameters } from '@/lib/chain/wagmi'

/** wagmi and react-query for the pages that talk to a wallet; one config per page load. */
export function WalletProvider({ devAccount, children }: CreateWagmiConfigParameters & { children: ReactNode }) {
  const [config] = useState(() => createWagmiConfig({ devAccount }))
  const [queryClient] = useState(() => new QueryClient())
  return (
    <WagmiProvider config={config}>
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    </WagmiProvider>
  )
}
