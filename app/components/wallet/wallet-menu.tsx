'use client'

import { useRef, useState } from 'react'
import { useChainId, useConnect, useConnection, useDisconnect, useSwitchChain, type Connector } from 'wagmi'
import { describeContractError } from '@/lib/chain/describe-contract-error'
import { arborChain } from '@/lib/chain/wagmi'
import { shortAddress } from '@/lib/format/short-address'
import { connectorLabel, useWalletConnectors } from './use-wallet-connectors'

/**
 * The one connect/disconnect control, in the header of every page: reconnecting, connected (short
 * address, network, disconnect), or disconnected (a menu of the wallets found by EIP-6963 and, on a
 * local anvil, its dev accounts).
 */
export function WalletMenu() {
  const connection = useConnection()
  const chainId = useChainId()
  const { wallets, devAccounts } = useWalletConnectors()
  const { mutateAsync: connect, isPending: connecting } = useConnect()
  const { mutate: disconnect } = useDisconnect()
  const { mutate: switchChain, isPending: switching } = useSwitchChain()
  const [error, setError] = useState<string>()
  const menu = useRef<HTMLDetailsElement>(null)

  async function pick(connector: Connector) {
    setError(undefined)
    try {
      // No chainId: a wallet on another network connects as it is, and the menu offers the switch.
      await connect({ connector })
      if (menu.current) menu.current.open = false
    } catch (cause) {
      setError(describeContractError(cause))
    }
  }

  if (connection.status === 'reconnecting' || connection.status === 'connecting') {
    return (
      <div className="wallet-menu" aria-live="polite">
        <span className="wallet-pill">Connecting…</span>
      </div>
    )
  }

  if (connection.status === 'connected' && connection.address) {
    const wrongChain = (connection.chainId ?? chainId) !== arborChain.id
    return (
      <div className="wallet-menu" data-testid="wallet-menu">
        <span className="wallet-pill mono" title={connection.address} data-testid="wallet-address">
          {shortAddress(connection.address)}
        </span>
        {wrongChain && (
          <button type="button" className="warn" disabled={switching} onClick={() => switchChain({ chainId: arborChain.id })}>
            Switch to {arborChain.name}
          </button>
        )}
        <button type="button" onClick={() => disconnect()}>
          Disconnect
        </button>
      </div>
    )
  }

  return (
    <details className="wallet-menu dropdown" ref={menu} data-testid="wallet-menu">
      <summary className="button primary">Connect wallet</summary>
      <div className="dropdown-panel">
        {wallets.length > 0 ? (
          <ul className="plain" aria-label="Wallets">
            {wallets.map((connector) => (
              <li key={connector.uid}>
                <button type="button" disabled={connecting} onClick={() => void pick(connector)}>
                  {connectorLabel(connector)}
                </button>
              </li>
            ))}
          </ul>
        ) : (
          <p className="empty">No browser wallet found. Install one such as MetaMask, Rabby or Frame, then reload.</p>
        )}
        {devAccounts.length > 0 && (
          <>
            <p className="hint">This install runs on a local anvil chain: its test accounts sign through the node.</p>
            <ul className="plain" aria-label="Local dev accounts">
              {devAccounts.map((connector) => (
                <li key={connector.uid}>
                  <button type="button" disabled={connecting} onClick={() => void pick(connector)}>
                    {connector.name}
                  </button>
                </li>
              ))}
            </ul>
          </>
        )}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
      </div>
    </details>
  )
}
