'use client'

import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { isAddress, isAddressEqual } from 'viem'
import { useConnection, useReadContract } from 'wagmi'
import { iArborDistributorAbi } from '@/lib/chain/contracts/IArborDistributor'
import { formatDateTime } from '@/lib/format/format-date-time'
import { Address } from '@/app/components/address'
import { TokenAmount } from '@/app/components/token-amount'
import { Field } from '@/app/components/ui/field'
import { lookUpAllocation } from '../actions'
import { ClaimDirect } from './claim-direct'
import { ClaimGasless } from './claim-gasless'
import type { ClaimCampaignProps, EligibleAllocation } from './types'

/**
 * The recipient's side of a campaign: whose allocation (the connected wallet, or an address typed
 * in), how much, whether it is already claimed (read from the distributor, not the database), and
 * the ways to claim while the window is open.
 */
export function ClaimPanel({ campaign, initialAddress }: { campaign: ClaimCampaignProps; initialAddress?: string }) {
  const connection = useConnection()
  const connected = connection.status === 'connected' ? connection.address : undefined
  const [checked, setChecked] = useState<string | undefined>(initialAddress?.trim() || undefined)
  const account = checked ?? connected

  const lookup = useQuery({
    queryKey: ['allocation', campaign.id, account?.toLowerCase()],
    queryFn: () => lookUpAllocation(campaign.id, account!),
    enabled: account !== undefined,
    staleTime: Infinity,
  })
  const allocation: EligibleAllocation | undefined = lookup.data && 'eligible' in lookup.data && lookup.data.eligible ? lookup.data : undefined

  const claimed = useReadContract({
    address: campaign.distributor,
    abi: iArborDistributorAbi,
    functionName: 'isClaimed',
    args: [BigInt(allocation?.index ?? 0)],
    chainId: campaign.chainId,
    query: { enabled: allocation !== undefined },
  })
  const queryClient = useQueryClient()
  // A claim made on this page keeps its forms mounted (buttons hidden), so its confirmation stays in view.
  const [claimedHere, setClaimedHere] = useState(false)
  const refreshClaimed = () => {
    setClaimedHere(true)
    return queryClient.invalidateQueries({ queryKey: claimed.queryKey })
  }

  const canClaim = allocation !== undefined && (claimed.data === false || claimedHere) && campaign.phase === 'open'
  const isClaimedNow = claimed.data === true
  const ownWallet = allocation !== undefined && connected !== undefined && isAddressEqual(connected, allocation.account)

  return (
    <section aria-labelledby="allocation-heading" className="claim-panel">
      <h2 id="allocation-heading">Your allocation</h2>
      <AddressForm
        current={checked}
        connected={connected}
        error={lookup.data && 'error' in lookup.data ? lookup.data.error : undefined}
        onCheck={setChecked}
      />

      {account === undefined && <p className="hint">Connect your wallet with the button at the top, or enter an address above.</p>}
      {lookup.isPending && account !== undefined && (
        <p aria-live="polite">
          {/* a full address does not fit a phone's line unbroken */}
          Looking up <span className="mono">{account}</span>…
        </p>
      )}
      {lookup.isError && (
        <p className="error" role="alert">
          Could not look up the allocation right now. Try again in a moment.
        </p>
      )}
      {lookup.data && 'eligible' in lookup.data && !lookup.data.eligible && (
        <p className="notice" data-testid="not-eligible" role="alert">
          <span className="mono break">{lookup.data.account}</span> is not in this airdrop. Check the address, or try another wallet.
        </p>
      )}

      {allocation && (
        <>
          <dl className="facts" data-testid="allocation">
            <dt>Address</dt>
            <dd>
              <Address address={allocation.account} />
            </dd>
            <dt>Allocation</dt>
            <dd data-testid="allocation-amount">
              <TokenAmount value={allocation.amount} decimals={campaign.token.decimals} symbol={campaign.token.symbol} />
            </dd>
            <dt>Status</dt>
            <dd data-testid="claim-state" aria-live="polite">
              {claimed.isPending ? 'Checking the chain…' : claimed.isError ? 'Could not read the chain right now.' : claimed.data ? 'Already claimed' : 'Not claimed yet'}
            </dd>
          </dl>
          <PhaseNotice campaign={campaign} claimed={claimed.data === true} />
        </>
      )}

      {canClaim && allocation && (connected === undefined || ownWallet) && (
        <>
          <ClaimDirect campaign={campaign} allocation={allocation} claimed={isClaimedNow} onConfirmed={refreshClaimed} />
          <ClaimGasless campaign={campaign} allocation={allocation} claimed={isClaimedNow} onSettled={refreshClaimed} />
        </>
      )}
      {canClaim && allocation && connected !== undefined && !ownWallet && (
        <p className="notice" data-testid="other-wallet">
          You are connected as <Address address={connected} />. Only the wallet of <Address address={allocation.account} /> can claim this
          allocation: switch to it in your wallet, or{' '}
          <button type="button" className="link" onClick={() => setChecked(undefined)}>
            check your own address
          </button>
          .
        </p>
      )}
    </section>
  )
}

function PhaseNotice({ campaign, claimed }: { campaign: ClaimCampaignProps; claimed: boolean }) {
  if (claimed) {
    return (
      <p className="notice" data-testid="already-claimed" role="status">
        This allocation has already been claimed: the tokens were sent. Each allocation can be claimed once.
      </p>
    )
  }
  if (campaign.phase === 'upcoming' && campaign.startAt) {
    return (
      <p className="notice" data-testid="not-started" role="status">
        Claiming has not started. It opens on <time dateTime={campaign.startAt}>{formatDateTime(new Date(campaign.startAt))}</time>.
      </p>
    )
  }
  if (campaign.phase === 'ended') {
    return (
      <p className="notice" data-testid="ended" role="status">
        This airdrop has ended{campaign.endAt && <> (<time dateTime={campaign.endAt}>{formatDateTime(new Date(campaign.endAt))}</time>)</>}: unclaimed
        tokens can no longer be claimed.
      </p>
    )
  }
  return null
}

function AddressForm({
  current,
  connected,
  error,
  onCheck,
}: {
  current: string | undefined
  connected: string | undefined
  error: string | undefined
  onCheck: (address: string | undefined) => void
}) {
  const [value, setValue] = useState(current ?? '')
  const [localError, setLocalError] = useState<string>()
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const trimmed = value.trim()
    if (!isAddress(trimmed, { strict: false })) {
      setLocalError('Enter an address: 0x followed by 40 hex characters.')
      event.currentTarget.querySelector('input')?.focus()
      return
    }
    setLocalError(undefined)
    onCheck(trimmed)
  }
  return (
    <form onSubmit={submit} className="lookup-form" noValidate>
      <Field id="claim-address" label="Check an address" hint="Any letter case. Checking signs nothing." error={localError ?? error}>
        <input type="text" autoComplete="off" spellCheck={false} placeholder="0x…" value={value} onChange={(event) => setValue(event.target.value)} />
      </Field>
      <div className="row">
        <button type="submit">Check</button>
        {current !== undefined && connected !== undefined && (
          <button
            type="button"
            onClick={() => {
              setValue('')
              onCheck(undefined)
            }}
          >
            Use my wallet
          </button>
        )}
      </div>
    </form>
  )
}
