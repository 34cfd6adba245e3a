'use client'

import type { ReactNode } from 'react'
import { useConnection, useSwitchChain } from 'wagmi'
import { arborChain } from '@/lib/chain/wagmi'

/** Opens the header's wallet menu (the one connect control) and moves focus to it. */
function openWalletMenu() {
  const menu = document.querySelector<HTMLDetailsElement>('details.wallet-menu')
  if (!menu) return
  menu.open = true
  menu.scrollIntoView({ block: 'nearest' })
  menu.querySelector<HTMLElement>('.dropdown-panel button')?.focus()
}

/**
 * Wraps a submit button: when no wallet is connected a button that opens the header's wallet
 * menu (the one connect control), on another network a "Switch to <chain>" button, and
 * otherwise its children.
 */
export function RequireWallet({ children, action = 'continue' }: { children: ReactNode; action?: string }) {
  const connection = useConnection()
  const { mutate: switchChain, isPending, error } = useSwitchChain()

  if (connection.status !== 'connected') {
    return (
      <button type="button" className="primary" data-testid="require-wallet" onClick={openWalletMenu}>
        Connect a wallet to {action}
      </button>
    )
  }
  if (connection.chainId !== arborChain.id) {
    return (
      <div className="row">
        <button type="button" className="primary" disabled={isPending} onClick={() => switchChain({ chainId: arborChain.id })}>
          Switch to {arborChain.name}
        </button>
        <span className="hint">Your wallet is on another network (chain {connection.chainId}); Arbor runs on chain {arborChain.id}.</span>
        {error && (
          <span className="error" role="alert">
            Your wallet did not switch: {error.message.split('\n')[0]}
          </span>
        )}
      </div>
    )
  }
  return <>{children}</>
}
