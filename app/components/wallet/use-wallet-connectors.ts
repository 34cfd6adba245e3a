'use client'

import { useSyncExternalStore } from 'react'
import { useConnectors, type Connector } from 'wagmi'
import { isDevAccountConnector } from '@/lib/chain/wagmi'

const noSubscription = () => () => {}

/** Whether the page has an injected wallet (`window.ethereum`); false on the server, so hydration agrees. */
function useHasInjectedWallet(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => 'ethereum' in window && Boolean((window as { ethereum?: unknown }).ethereum),
    () => false,
  )
}

export type WalletConnectors = {
  /** Wallets the person installed: those that announce themselves (EIP-6963) by name; the generic injected connector only when there is a `window.ethereum` and no named wallet. */
  wallets: Connector[]
  /** On a local anvil: its dev accounts, in index order. */
  devAccounts: Connector[]
}

/** The connectors a person can pick, split into real wallets and local dev accounts. */
export function useWalletConnectors(): WalletConnectors {
  const connectors = useConnectors()
  const hasInjected = useHasInjectedWallet()
  const announced = connectors.filter((c) => c.id !== 'injected' && !isDevAccountConnector(c))
  const generic = connectors.find((c) => c.id === 'injected')
  return {
    wallets: announced.length > 0 ? announced : hasInjected && generic ? [generic] : [],
    devAccounts: connectors.filter(isDevAccountConnector),
  }
}

/** A connector's name as a person reads it ("Browser wallet" for the generic injected one). */
export function connectorLabel(connector: Connector): string {
  return connector.id === 'injected' ? 'Browser wallet' : connector.name
}
