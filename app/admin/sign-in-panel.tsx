'use client'

import { useRouter } from 'next/navigation'
import { useState } from 'react'
import type { Address } from 'viem'
import { useConnect, useConnection, useSignMessage, type Connector } from 'wagmi'
import { connectorLabel, useWalletConnectors } from '@/app/components/wallet/use-wallet-connectors'
import { createAdminSiweMessage } from '@/lib/auth/create-admin-siwe-message'
import type { NonceResponse } from '@/lib/auth/schema'
import { describeContractError } from '@/lib/chain/describe-contract-error'
import { devAccountConnectorId } from '@/lib/chain/wagmi'

type Step = { kind: 'idle' } | { kind: 'busy'; label: string } | { kind: 'failed'; message: string; address?: Address }

/**
 * Sign-In with Ethereum: connect a wallet, sign a message that names this site, the chain and the
 * admin purpose, and exchange it for a session cookie. On a local anvil a dev account can sign
 * instead of a wallet extension.
 */
export function SignInPanel({ adminsConfigured, devAccount }: { adminsConfigured: boolean; devAccount?: { address: Address; index: number } }) {
  const router = useRouter()
  const connection = useConnection()
  const { mutateAsync: connect } = useConnect()
  const { mutateAsync: signMessage } = useSignMessage()
  const { wallets, devAccounts } = useWalletConnectors()
  const [step, setStep] = useState<Step>({ kind: 'idle' })
  const dev = devAccount && devAccounts.find((c) => c.id === devAccountConnectorId(devAccount.index))

  async function signIn(connector: Connector) {
    let address: Address | undefined
    try {
      setStep({ kind: 'busy', label: 'Connecting…' })
      if (connection.isConnected && connection.connector?.uid === connector.uid && connection.address) {
        address = connection.address
      } else {
        const { accounts } = await connect({ connector })
        address = accounts[0]
      }
      if (!address) throw new Error('The wallet shared no account.')

      setStep({ kind: 'busy', label: 'Waiting for your signature…' })
      const nonce = (await (await fetch('/api/auth/nonce', { cache: 'no-store' })).json()) as NonceResponse
      const message = createAdminSiweMessage({
        address,
        chainId: nonce.chainId,
        domain: window.location.host,
        uri: window.location.origin,
        nonce: nonce.nonce,
        issuedAt: new Date(nonce.issuedAt),
        expirationTime: new Date(nonce.expiresAt),
      })
      const signature = await signMessage({ message, account: address, connector })

      setStep({ kind: 'busy', label: 'Signing in…' })
      const response = await fetch('/api/auth/verify', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ message, signature }),
      })
      if (!response.ok) {
        const body = (await response.json().catch(() => undefined)) as { error?: { message?: string } } | undefined
        throw new Error(body?.error?.message ?? `The server answered ${response.status}.`)
      }
      router.refresh()
    } catch (error) {
      setStep({ kind: 'failed', message: describeContractError(error), address })
    }
  }

  const busy = step.kind === 'busy'
  return (
    <section aria-labelledby="sign-in-heading" className="card sign-in">
      <h2 id="sign-in-heading">Sign in with Ethereum</h2>
      <p>
        Admins sign a message with their Ethereum account: it proves you control the address, sends no transaction and
        costs no gas. The message names this site and the chain, so it cannot be used anywhere else.
      </p>
      {!adminsConfigured && (
        <p className="notice">
          No admin accounts are configured on this install yet: set <code>ADMIN_ADDRESSES</code> on the server.
        </p>
      )}
      <div className="row">
        {wallets.map((connector) => (
          <button key={connector.uid} type="button" className="primary" disabled={busy} onClick={() => void signIn(connector)}>
            Sign in with {connector.id === 'injected' ? 'browser wallet' : connectorLabel(connector)}
          </button>
        ))}
        {dev && devAccount && (
          <button type="button" disabled={busy} onClick={() => void signIn(dev)} data-testid="dev-sign-in">
            Sign in with local dev account #{devAccount.index}
          </button>
        )}
      </div>
      {wallets.length === 0 && (
        <p className="empty" data-testid="no-wallet">
          No browser wallet found. Install a wallet extension such as MetaMask, Rabby or Frame, add the admin account to
          it, and reload this page.
        </p>
      )}
      {dev && devAccount && (
        <p className="empty">
          This install runs on a local anvil chain, so its dev account{' '}
          <span className="mono">{devAccount.address}</span> can sign through the node: no extension needed. Its key is
          public; never use it on a real network.
        </p>
      )}
      {busy && <p aria-live="polite">{step.label}</p>}
      {step.kind === 'failed' && (
        <div className="error" role="alert" data-testid="sign-in-error">
          {step.message}
          {step.address && <div className="mono">Account: {step.address}</div>}
        </div>
      )}
    </section>
  )
}
