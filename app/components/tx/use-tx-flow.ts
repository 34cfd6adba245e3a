'use client'

import { useCallback, useState } from 'react'
import type { Abi, Address, Hash, TransactionReceipt } from 'viem'
import { useConfig } from 'wagmi'
import { simulateContract, waitForTransactionReceipt, writeContract } from 'wagmi/actions'
import { describeContractError } from '@/lib/chain/describe-contract-error'

/** Where one transaction is: the union `<TxStatus>` renders. */
export type TxState =
  | { status: 'idle' }
  | { status: 'confirm-in-wallet' }
  | { status: 'pending'; hash: Hash }
  | { status: 'confirmed'; hash: Hash; receipt: TransactionReceipt }
  | { status: 'failed'; message: string; hash?: Hash; declined?: boolean }

/** A contract write, as viem's `simulateContract` takes it. */
export type TxRequest = {
  address: Address
  abi: Abi
  functionName: string
  args?: readonly unknown[]
  /** Wei sent with the call. */
  value?: bigint
}

export type UseTxFlowReturnType = {
  state: TxState
  /** Simulates (so a revert is explained before the wallet opens), asks the wallet to send, and waits for the receipt. Resolves to the receipt, or `undefined` when the person declined or it failed (`state` says why). */
  run: (request: TxRequest) => Promise<TransactionReceipt | undefined>
  reset: () => void
}

/**
 * One transaction, simulated, then written from the connected wallet, then confirmed:
 * idle → confirm-in-wallet → pending(hash) → confirmed(receipt) | failed(message). A reverted
 * receipt is a failure. Used by deploy, fund, claim, clawback, settle and execute.
 */
export function useTxFlow(): UseTxFlowReturnType {
  const config = useConfig()
  const [state, setState] = useState<TxState>({ status: 'idle' })

  const run = useCallback(
    async (request: TxRequest) => {
      let hash: Hash | undefined
      try {
        setState({ status: 'confirm-in-wallet' })
        const { request: prepared } = await simulateContract(config, request as never)
        hash = await writeContract(config, prepared as never)
        setState({ status: 'pending', hash })
        const receipt = await waitForTransactionReceipt(config, { hash })
        if (receipt.status !== 'success') {
          setState({ status: 'failed', hash, message: 'The transaction was included but reverted: nothing changed.' })
          return undefined
        }
        setState({ status: 'confirmed', hash, receipt })
        return receipt
      } catch (error) {
        const message = describeContractError(error)
        setState({ status: 'failed', hash, message, declined: message === 'You declined in your wallet.' })
        return undefined
      }
    },
    [config],
  )

  return { state, run, reset: useCallback(() => setState({ status: 'idle' }), []) }
}
