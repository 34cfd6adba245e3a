'use client'

import { useState, type FormEvent } from 'react'
import { isAddress, parseSignature, zeroAddress, type Address } from 'viem'
import { useConfig } from 'wagmi'
import { readContract, signTypedData } from 'wagmi/actions'
import { arborTokenAbi } from '@/lib/chain/contracts/ArborToken'
import { iArborDistributorAbi } from '@/lib/chain/contracts/IArborDistributor'
import { describeContractError } from '@/lib/chain/describe-contract-error'
import { TxStatus } from '@/app/components/tx/tx-status'
import { useTxFlow, type TxRequest } from '@/app/components/tx/use-tx-flow'
import { TokenAmount } from '@/app/components/token-amount'
import { Field } from '@/app/components/ui/field'
import { RequireWallet } from '@/app/components/wallet/require-wallet'
import type { ClaimCampaignProps, EligibleAllocation } from './types'

type Mode = 'claim' | 'claimTo' | 'claimAndDelegate'

const delegationTypes = {
  Delegation: [
    { name: 'delegatee', type: 'address' },
    { name: 'nonce', type: 'uint256' },
    { name: 'expiry', type: 'uint256' },
  ],
} as const

const addressError = 'Enter an address: 0x followed by 40 hex characters (not the zero address).'

/**
 * Claim with a transaction from the wallet: to the wallet (`claim`), to another address
 * (`claimTo`), or to the wallet with its votes delegated at once (`claimAndDelegate`, which first
 * asks the wallet to sign the token's `Delegation`).
 */
export function ClaimDirect({
  campaign,
  allocation,
  claimed,
  onConfirmed,
}: {
  campaign: ClaimCampaignProps
  allocation: EligibleAllocation
  /** Claimed on-chain (by this page or elsewhere): only the last transaction's status stays. */
  claimed: boolean
  onConfirmed: () => void
}) {
  const config = useConfig()
  const { state, run } = useTxFlow()
  const [mode, setMode] = useState<Mode>('claim')
  const [to, setTo] = useState('')
  const [delegatee, setDelegatee] = useState<string>(allocation.account)
  const [fieldError, setFieldError] = useState<{ field: 'to' | 'delegatee'; message: string }>()
  const [signError, setSignError] = useState<string>()
  const busy = state.status === 'confirm-in-wallet' || state.status === 'pending'

  const validAddress = (value: string) => isAddress(value.trim(), { strict: false }) && value.trim().toLowerCase() !== zeroAddress

  async function delegationSignature(delegateeAddress: Address) {
    const token = campaign.token.address
    const [[, name, version, chainId, verifyingContract], nonce] = await Promise.all([
      readContract(config, { address: token, abi: arborTokenAbi, functionName: 'eip712Domain', chainId: campaign.chainId }),
      readContract(config, { address: token, abi: arborTokenAbi, functionName: 'nonces', args: [allocation.account], chainId: campaign.chainId }),
    ])
    const expiry = BigInt(Math.floor(Date.now() / 1000) + 3_600)
    const signature = await signTypedData(config, {
      domain: { name, version, chainId, verifyingContract },
      types: delegationTypes,
      primaryType: 'Delegation',
      message: { delegatee: delegateeAddress, nonce, expiry },
    })
    const { r, s, yParity } = parseSignature(signature)
    return { delegatee: delegateeAddress, nonce, expiry, v: 27 + (yParity ?? 0), r, s }
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    setFieldError(undefined)
    setSignError(undefined)
    const form = event.currentTarget
    const index = BigInt(allocation.index)
    const amount = BigInt(allocation.amount)
    let request: TxRequest
    if (mode === 'claimTo') {
      if (!validAddress(to)) {
        setFieldError({ field: 'to', message: addressError })
        form.querySelector<HTMLInputElement>('#claim-to')?.focus()
        return
      }
      request = { address: campaign.distributor, abi: iArborDistributorAbi, functionName: 'claimTo', args: [index, amount, allocation.proof, to.trim() as Address] }
    } else if (mode === 'claimAndDelegate') {
      if (!validAddress(delegatee)) {
        setFieldError({ field: 'delegatee', message: addressError })
        form.querySelector<HTMLInputElement>('#claim-delegatee')?.focus()
        return
      }
      let delegation
      try {
        delegation = await delegationSignature(delegatee.trim() as Address)
      } catch (error) {
        setSignError(describeContractError(error))
        return
      }
      request = {
        address: campaign.distributor,
        abi: iArborDistributorAbi,
        functionName: 'claimAndDelegate',
        args: [index, allocation.account, amount, allocation.proof, delegation],
      }
    } else {
      request = { address: campaign.distributor, abi: iArborDistributorAbi, functionName: 'claim', args: [index, allocation.account, amount, allocation.proof] }
    }
    const receipt = await run(request)
    if (receipt) onConfirmed()
  }

  if (claimed) {
    return state.status === 'idle' ? null : <TxStatus state={state} label="Claim" />
  }
  return (
    <form onSubmit={submit} className="claim-form" aria-labelledby="direct-heading" noValidate>
      <h3 id="direct-heading">Claim with a transaction</h3>
      <p className="hint">Your wallet sends the transaction and pays a small network fee.</p>
      <fieldset>
        <legend>Where should the tokens go?</legend>
        <label>
          <input type="radio" name="claim-mode" value="claim" checked={mode === 'claim'} onChange={() => setMode('claim')} /> To this wallet
        </label>
        <label>
          <input type="radio" name="claim-mode" value="claimTo" checked={mode === 'claimTo'} onChange={() => setMode('claimTo')} /> To another address
        </label>
        <label>
          <input type="radio" name="claim-mode" value="claimAndDelegate" checked={mode === 'claimAndDelegate'} onChange={() => setMode('claimAndDelegate')} /> To
          this wallet, and delegate its votes
        </label>
      </fieldset>
      {mode === 'claimTo' && (
        <Field id="claim-to" label="Send the tokens to" hint="The address receives the tokens; this wallet still signs." error={fieldError?.field === 'to' ? fieldError.message : undefined}>
          <input type="text" autoComplete="off" spellCheck={false} placeholder="0x…" value={to} onChange={(event) => setTo(event.target.value)} />
        </Field>
      )}
      {mode === 'claimAndDelegate' && (
        <Field
          id="claim-delegatee"
          label="Delegate votes to"
          hint="Your wallet signs the delegation first (no fee), then sends the claim. Yourself by default."
          error={fieldError?.field === 'delegatee' ? fieldError.message : undefined}
        >
          <input type="text" autoComplete="off" spellCheck={false} value={delegatee} onChange={(event) => setDelegatee(event.target.value)} />
        </Field>
      )}
      <RequireWallet action="claim">
        <button type="submit" className="primary" disabled={busy} data-testid="claim-direct">
          Claim <TokenAmount value={allocation.amount} decimals={campaign.token.decimals} symbol={campaign.token.symbol} />
        </button>
      </RequireWallet>
      {signError && (
        <p className="error" role="alert">
          The delegation was not signed: {signError}
        </p>
      )}
      <TxStatus state={state} label="Claim" />
    </form>
  )
}
