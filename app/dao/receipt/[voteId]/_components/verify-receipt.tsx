'use client'

import { useState } from 'react'
import { createPublicClient, custom, http, type EIP1193Provider } from 'viem'
import { useConnection } from 'wagmi'
import { verifyVoteReceipt, type VerifyVoteReceiptResult, type VerifiableVoteReceipt } from '@/lib/governance/settlement/verify-vote-receipt'

type Source = 'rpc' | 'wallet'

const mark = (ok: boolean | null) => (ok === null ? '·' : ok ? '✓' : '✗')
const markLabel = (ok: boolean | null) => (ok === null ? 'Read' : ok ? 'Passed' : 'Failed')

/**
 * "Verify on-chain": reads the root from `ArborSettlement` through the wallet's own provider or an
 * RPC URL the voter types, never through Arbor's API, and checks the receipt in this browser with
 * `verifyVoteReceipt` (the leaf recomputed from the vote, the proof walked with OpenZeppelin's
 * library). Shows each read and check, the verdict and how long the check took.
 */
export function VerifyReceipt({ receipt, defaultRpcUrl }: { receipt: VerifiableVoteReceipt; defaultRpcUrl: string }) {
  const connection = useConnection()
  const [source, setSource] = useState<Source>('rpc')
  const [rpcUrl, setRpcUrl] = useState(defaultRpcUrl)
  const [state, setState] = useState<{ status: 'idle' | 'checking' } | { status: 'done'; result: VerifyVoteReceiptResult } | { status: 'failed'; message: string }>({ status: 'idle' })

  async function walletProvider(): Promise<EIP1193Provider | undefined> {
    if (connection.status === 'connected' && connection.connector) return (await connection.connector.getProvider()) as EIP1193Provider
    return (window as unknown as { ethereum?: EIP1193Provider }).ethereum
  }

  async function verify(event: React.FormEvent) {
    event.preventDefault()
    setState({ status: 'checking' })
    try {
      let client
      if (source === 'wallet') {
        const provider = await walletProvider()
        if (!provider) throw new Error('No wallet found in this browser: connect one, or use an RPC URL.')
        client = createPublicClient({ transport: custom(provider) })
      } else {
        const url = rpcUrl.trim()
        if (!/^https?:\/\/\S+$/.test(url)) throw new Error('Enter an RPC URL starting with http:// or https://.')
        client = createPublicClient({ transport: http(url, { retryCount: 0 }) })
      }
      const result = await verifyVoteReceipt(receipt, { client, rpc: source === 'wallet' ? "your wallet's provider" : rpcUrl.trim() })
      setState({ status: 'done', result })
    } catch (error) {
      const message = (error as { shortMessage?: string }).shortMessage ?? (error instanceof Error ? error.message : String(error))
      setState({ status: 'failed', message: `Could not read the chain: ${message}` })
    }
  }

  const result = state.status === 'done' ? state.result : undefined
  return (
    <section aria-labelledby="verify-heading" className="card verify-receipt" data-testid="verify-receipt">
      <h2 id="verify-heading">Verify on-chain</h2>
      <p className="hint">
        Your browser reads the root from the ArborSettlement contract at <span className="mono">{receipt.settlement.address}</span> (chain {receipt.settlement.chainId}) and
        checks this receipt against it. Arbor&apos;s server is not asked.
      </p>
      <form onSubmit={verify}>
        <fieldset className="ballot">
          <legend>Read the chain through</legend>
          <label className="option">
            <input type="radio" name="source" value="rpc" checked={source === 'rpc'} onChange={() => setSource('rpc')} />
            An RPC URL
          </label>
          <label className="option">
            <input type="radio" name="source" value="wallet" checked={source === 'wallet'} onChange={() => setSource('wallet')} />
            My wallet&apos;s provider
          </label>
        </fieldset>
        {source === 'rpc' && (
          <div className="field">
            <label htmlFor="verify-rpc">RPC URL</label>
            <input id="verify-rpc" type="url" inputMode="url" autoComplete="off" spellCheck={false} value={rpcUrl} onChange={(e) => setRpcUrl(e.target.value)} aria-describedby="verify-rpc-hint" />
            <p className="hint" id="verify-rpc-hint">
              Prefilled with this app&apos;s public RPC; any node of chain {receipt.settlement.chainId} will do.
            </p>
          </div>
        )}
        <button type="submit" className="primary" disabled={state.status === 'checking'}>
          {state.status === 'checking' ? 'Verifying…' : 'Verify'}
        </button>
      </form>
      <div role="status" aria-live="polite" data-testid="verify-result" data-outcome={result?.outcome ?? state.status}>
        {state.status === 'failed' && <p className="error">{state.message}</p>}
        {result && (
          <>
            <p className={result.verified ? 'verified' : result.outcome === 'pending' || result.outcome === 'not-settled' || result.outcome === 'superseded' ? 'notice' : 'error'} data-testid="verify-verdict">
              <span aria-hidden="true">{result.verified ? '✓ ' : result.outcome === 'pending' || result.outcome === 'not-settled' ? '… ' : '✗ '}</span>
              <strong>{result.summary}</strong>
            </p>
            {result.verifyMs !== undefined && <p className="hint" data-testid="verify-time">The check took {result.verifyMs.toFixed(1)} ms after the root was read.</p>}
            <ol className="verify-steps plain" data-testid="verify-steps">
              {result.steps.map((step, i) => (
                <li key={i} data-ok={String(step.ok)}>
                  <span aria-label={markLabel(step.ok)} role="img">{mark(step.ok)}</span> <strong>{step.check}:</strong> <span className="step-detail">{step.detail}</span>
                </li>
              ))}
            </ol>
          </>
        )}
      </div>
    </section>
  )
}
