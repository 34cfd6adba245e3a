'use client'

import type { TxState } from './use-tx-flow'

/**
 * A transaction's state in words, in a `role="status"` region a screen reader announces:
 * waiting for the wallet, pending with its hash, confirmed in block N, or why it failed.
 */
export function TxStatus({ state, label }: { state: TxState; label: string }) {
  return (
    <div role="status" aria-live="polite" className={`tx-status tx-${state.status}`} data-testid="tx-status" data-status={state.status}>
      {state.status === 'confirm-in-wallet' && <p>{label}: confirm in your wallet…</p>}
      {state.status === 'pending' && (
        <p>
          {label}: sent, waiting for the chain… <TxHash hash={state.hash} />
        </p>
      )}
      {state.status === 'confirmed' && (
        <p>
          <span aria-hidden="true">✓ </span>
          {label}: confirmed in block {state.receipt.blockNumber.toString()}. <TxHash hash={state.hash} />
        </p>
      )}
      {state.status === 'failed' && (
        <p className={state.declined ? 'hint' : 'error'}>
          {state.declined ? `${label}: ${state.message}` : `${label} failed: ${state.message}`}
          {state.hash && (
            <>
              {' '}
              <TxHash hash={state.hash} />
            </>
          )}
        </p>
      )}
    </div>
  )
}

function TxHash({ hash }: { hash: string }) {
  return (
    <span className="mono tx-hash" title={hash} data-testid="tx-hash">
      {hash.slice(0, 10)}…{hash.slice(-8)}
    </span>
  )
}

/** Where a signed message (gasless claim, vote) is: signed in the wallet, taken by Arbor, in a batch, settled on-chain. */
export type SignatureState = {
  status: 'idle' | 'sign' | 'submitted' | 'batched' | 'settled' | 'failed'
  /** The message id (receipt id) once Arbor acknowledged it. */
  receiptId?: string
  /** Why it failed, or a detail of the current step. */
  message?: string
}

const signatureSteps: Record<Exclude<SignatureState['status'], 'idle' | 'failed'>, string> = {
  sign: 'Sign the message in your wallet (no gas, no transaction)…',
  submitted: 'Signed and recorded by Arbor.',
  batched: 'In a batch, waiting to be settled on-chain.',
  settled: 'Settled on-chain.',
}

/** The signature counterpart of `<TxStatus>`, in the same `role="status"` region. */
export function SignatureStatus({ state }: { state: SignatureState }) {
  return (
    <div role="status" aria-live="polite" className={`tx-status tx-${state.status}`} data-testid="signature-status" data-status={state.status}>
      {state.status === 'failed' && <p className="error">{state.message}</p>}
      {state.status !== 'idle' && state.status !== 'failed' && (
        <p>
          {state.status === 'settled' && <span aria-hidden="true">✓ </span>}
          {signatureSteps[state.status]}
          {state.message && <> {state.message}</>}
          {state.receiptId && (
            <>
              {' '}
              Receipt <span className="mono" title={state.receiptId} data-testid="receipt-id">{state.receiptId.slice(0, 10)}…</span>
            </>
          )}
        </p>
      )}
    </div>
  )
}
