'use client'

import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { useState, type ReactNode } from 'react'
import { WagmiProvider, type State } from 'wagmi'
import { createWagmiConfig, type CreateWagmiConfigParameters } from '@/lib/chain/wagmi'

export type ProvidersProps = CreateWagmiConfigParameters & {
  /** The connection the wagmi cookie describes (`cookieToInitialState`), so a reload does not flash "Connect". */
  initialState?: State
  children: ReactNode
}

/** wagmi and react-query for every page; one config and one query client per page load. */
export function Providers({ devAccounts, initialState, children }: ProvidersProps) {
  const [config] = useState(() => createWagmiConfig({ devAccounts }))
  const [queryClient] = useState(() => new QueryClient())
  return (
    <WagmiProvider config={config} initialState={initialState}>
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    </WagmiProvider>
  )
}
