'use client'

import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import type { Hex } from 'viem'
import { useConfig } from 'wagmi'
import { signTypedData } from 'wagmi/actions'
import type { GetGaslessClaimOrThrowReturnType } from '@/lib/airdrop/get-gasless-claim-or-throw'
import { ClaimSubmissionError, submitGaslessClaim } from '@/lib/airdrop/submit-gasless-claim'
import { describeContractError } from '@/lib/chain/describe-contract-error'
import { SignatureStatus, type SignatureState } from '@/app/components/tx/tx-status'
import { RequireWallet } from '@/app/components/wallet/require-wallet'
import type { ClaimCampaignProps, EligibleAllocation } from './types'

/** How long a signed claim stays relayable: a week, or until the campaign ends if sooner. Seconds. */
const week = 7 * 86_400

/** The intake's refusals, as a recipient should read them. */
function describeSubmissionError(error: ClaimSubmissionError): string {
  if (error.status === 409 && error.details.winner) return 'A claim for this allocation was already signed; following it below.'
  if (error.status === 409) return 'Claiming has not opened yet for this airdrop.'
  if (error.status === 410) return 'This airdrop has ended, or the signed claim expired: it can no longer be claimed.'
  if (error.status === 403) return 'This address is not in this airdrop.'
  if (error.status === 429) return 'Arbor is busy right now. Try again in a few seconds.'
  if (error.status === 401) return 'The signature does not match this address. Sign with the wallet of the allocation.'
  return error.message
}

const followed: Record<GetGaslessClaimOrThrowReturnType['status'], SignatureState['status']> = {
  pending: 'submitted',
  submitted: 'batched',
  confirmed: 'settled',
  failed: 'failed',
}

/**
 * Claim without gas: the wallet signs the EIP-712 claim, Arbor's intake records it, and a relayer
 * settles it on-chain in a batch. The island follows the claim (`GET /api/claims/[id]`) until it
 * is confirmed.
 */
export function ClaimGasless({
  campaign,
  allocation,
  claimed,
  onSettled,
}: {
  campaign: ClaimCampaignProps
  allocation: EligibleAllocation
  /** Claimed on-chain: only the followed claim's status stays. */
  claimed: boolean
  onSettled: () => void
}) {
  const config = useConfig()
  // Up to the intake's acknowledgement; from then on the claim's row decides what is shown.
  const [submission, setSubmission] = useState<SignatureState>({ status: 'idle' })
  const receiptId = submission.status === 'submitted' ? submission.receiptId : undefined

  const claim = useQuery({
    queryKey: ['gasless-claim', receiptId],
    queryFn: async (): Promise<GetGaslessClaimOrThrowReturnType> => {
      const response = await fetch(`/api/claims/${receiptId}`, { cache: 'no-store' })
      if (!response.ok) throw new Error(`HTTP ${response.status}`)
      const data = (await response.json()) as GetGaslessClaimOrThrowReturnType
      if (data.status === 'confirmed') onSettled()
      return data
    },
    enabled: receiptId !== undefined,
    refetchInterval: (query) => (query.state.data?.status === 'confirmed' || query.state.data?.status === 'failed' ? false : 1_500),
  })

  const state: SignatureState = claim.data && receiptId !== undefined ? followedState(claim.data, submission) : submission

  async function sign() {
    setSubmission({ status: 'sign' })
    const now = Math.floor(Date.now() / 1000)
    const end = campaign.endAt ? Math.floor(new Date(campaign.endAt).getTime() / 1000) : Infinity
    try {
      const { id } = await submitGaslessClaim({
        chainId: campaign.chainId,
        distributor: campaign.distributor,
        index: allocation.index,
        account: allocation.account,
        amount: BigInt(allocation.amount),
        deadline: BigInt(Math.min(now + week, end)),
        proof: allocation.proof,
        signTypedData: (typedData) => signTypedData(config, typedData),
      })
      setSubmission({ status: 'submitted', receiptId: id, message: 'Waiting for the relayer to send it.' })
    } catch (error) {
      if (error instanceof ClaimSubmissionError) {
        const winner = error.details.winner
        if (error.status === 409 && typeof winner === 'string') {
          setSubmission({ status: 'submitted', receiptId: winner as Hex, message: describeSubmissionError(error) })
          return
        }
        setSubmission({ status: 'failed', message: describeSubmissionError(error) })
        return
      }
      setSubmission({ status: 'failed', message: describeContractError(error) })
    }
  }

  if (claimed) return state.status === 'idle' ? null : <SignatureStatus state={state} />
  const busy = state.status === 'sign' || state.status === 'submitted' || state.status === 'batched' || state.status === 'settled'
  return (
    <div className="claim-form" aria-labelledby="gasless-heading">
      <h3 id="gasless-heading">Claim without gas</h3>
      <p className="hint">Sign a message (free, no transaction). Arbor sends your claim on-chain with others and pays the fee.</p>
      <RequireWallet action="sign the claim">
        <button type="button" className="primary" onClick={sign} disabled={busy} data-testid="claim-gasless">
          Sign a gasless claim
        </button>
      </RequireWallet>
      <SignatureStatus state={state} />
    </div>
  )
}

/** The followed claim's row as a signature state: pending → submitted, relayer tx sent → batched, confirmed → settled. */
function followedState(claim: GetGaslessClaimOrThrowReturnType, submission: SignatureState): SignatureState {
  const status = followed[claim.status]
  if (status === 'failed') {
    return { status, receiptId: claim.messageId, message: 'The relayer could not settle this claim. Sign it again, or claim with a transaction.' }
  }
  if (status === 'submitted') return { ...submission, receiptId: claim.messageId }
  return { status, receiptId: claim.messageId, message: claim.txHash ? `Transaction ${claim.txHash.slice(0, 10)}…` : undefined }
}
