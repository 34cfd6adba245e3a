'use client'

import { useQuery, useQueryClient } from '@tanstack/react-query'
import Link from 'next/link'
import { useState } from 'react'
import type { Address as AddressType } from 'viem'
import { useConnection, useSignTypedData } from 'wagmi'
import { SignatureStatus, type SignatureState } from '@/app/components/tx/tx-status'
import { TokenAmount } from '@/app/components/token-amount'
import { RequireWallet } from '@/app/components/wallet/require-wallet'
import { describeContractError } from '@/lib/chain/describe-contract-error'
import { formatDateTime } from '@/lib/format/format-date-time'
import type { VoterStatus } from '@/lib/governance/get-voter-status'
import { describeChoice } from '@/lib/governance/results/format-results'
import type { VotingTypeName } from '@/lib/governance/schema'
import { getVoteTypedData, type VoteBallot } from '@/lib/chain/vote-typed-data'
import { Approval } from './approval'
import { Ranked } from './ranked'
import { SingleChoice } from './single-choice'
import { Weighted } from './weighted'

export type VotePanelProposal = {
  id: string
  type: VotingTypeName
  choices: string[]
  maxPicks: number | null
  state: string
  chainId: number
  token: AddressType
  snapshotBlock: string
}

export type VotePanelToken = { symbol: string; decimals: number }

const zeroReasons = {
  'no-tokens': (block: string, symbol: string) => `You held no ${symbol} at block ${block}, the proposal's snapshot. Tokens bought later do not count for this proposal.`,
  'not-delegated': (block: string, symbol: string) =>
    `You held ${symbol} at block ${block} but had not delegated it. ${symbol} counts only delegated votes (ERC20Votes): delegate to yourself from the space's token to vote on proposals created after that.`,
  'delegated-away': (block: string, symbol: string) => `You held ${symbol} at block ${block} but had delegated your votes to someone else, who votes with them.`,
  'not-in-airdrop': () => 'Your address is not in the airdrop this space counts as voting power.',
}

function emptyBallot(type: VotingTypeName): VoteBallot | undefined {
  if (type === 'approval') return []
  if (type === 'ranked-choice') return []
  if (type === 'weighted' || type === 'quadratic') return {}
  return undefined
}

function ballotProblem(type: VotingTypeName, ballot: VoteBallot | undefined, maxPicks: number | null): string | undefined {
  if (ballot === undefined) return 'Pick a choice.'
  if (Array.isArray(ballot) && ballot.length === 0) return type === 'ranked-choice' ? 'Rank at least one choice.' : 'Pick at least one choice.'
  if (Array.isArray(ballot) && maxPicks !== null && type === 'approval' && ballot.length > maxPicks) return `Pick at most ${maxPicks}.`
  if (typeof ballot === 'object' && !Array.isArray(ballot) && Object.values(ballot as Record<string, number>).every((w) => w <= 0)) return 'Give at least one choice a weight.'
  return undefined
}

/**
 * Voting on one proposal: your power at the snapshot block (or why it is zero), the control for
 * the voting type, sign (EIP-712, chainId in the domain), post, receipt. A vote before the end
 * replaces your earlier one, and the panel says so.
 */
export function VotePanel({ proposal, token }: { proposal: VotePanelProposal; token: VotePanelToken }) {
  const connection = useConnection()
  const address = connection.status === 'connected' ? connection.address : undefined
  const queryClient = useQueryClient()
  const { mutateAsync: signTypedData } = useSignTypedData()
  const [ballot, setBallot] = useState<VoteBallot | undefined>(() => emptyBallot(proposal.type))
  const [reason, setReason] = useState('')
  const [problem, setProblem] = useState<string>()
  const [status, setStatus] = useState<SignatureState & { replaced?: boolean }>({ status: 'idle' })

  const voter = useQuery({
    queryKey: ['voter', proposal.id, address],
    enabled: Boolean(address),
    queryFn: async (): Promise<VoterStatus> => {
      const response = await fetch(`/api/proposals/${proposal.id}/voters/${address}`)
      if (!response.ok) throw new Error(`Could not read your voting power (${response.status}).`)
      return response.json()
    },
  })

  const open = proposal.state === 'active'
  const power = voter.data ? BigInt(voter.data.power) : undefined

  async function submit(event: React.FormEvent) {
    event.preventDefault()
    const found = ballotProblem(proposal.type, ballot, proposal.maxPicks)
    setProblem(found)
    if (found || !address || ballot === undefined) return
    const replaced = Boolean(voter.data?.vote)
    try {
      setStatus({ status: 'sign' })
      const typed = getVoteTypedData({
        chainId: proposal.chainId,
        token: proposal.token,
        proposal: proposal.id,
        voter: address,
        ballot,
        reason,
        timestamp: BigInt(Math.floor(Date.now() / 1000)),
      })
      const signature = await signTypedData(typed)
      const response = await fetch('/api/votes', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: { ...typed.message, timestamp: String(typed.message.timestamp) }, signature }) })
      const body = (await response.json()) as { id?: string; error?: { message: string } }
      if (!response.ok) throw new Error(body.error?.message ?? `Arbor refused the vote (${response.status}).`)
      setStatus({ status: 'submitted', receiptId: body.id, replaced, message: replaced ? 'It replaces your earlier vote.' : 'It counts in the results below.' })
      await Promise.all([queryClient.invalidateQueries({ queryKey: ['voter', proposal.id] }), queryClient.invalidateQueries({ queryKey: ['results', proposal.id] }), queryClient.invalidateQueries({ queryKey: ['votes', proposal.id] })])
    } catch (error) {
      const message = describeContractError(error)
      setStatus({ status: 'failed', message: message === 'You declined in your wallet.' ? 'You declined in your wallet; nothing was sent.' : message })
    }
  }

  return (
    <section aria-labelledby="vote-heading" className="card vote-panel" data-testid="vote-panel">
      <h2 id="vote-heading">Vote</h2>
      {!open && <p className="notice">{proposal.state === 'pending' ? 'Voting has not started yet.' : 'Voting has ended.'}</p>}
      {address && voter.isPending && <p className="hint">Reading your voting power at block {proposal.snapshotBlock}…</p>}
      {voter.error && <p className="error">{voter.error.message}</p>}
      {voter.data && (
        <p data-testid="voting-power">
          Your voting power at block {proposal.snapshotBlock}: <strong><TokenAmount value={voter.data.power} decimals={token.decimals} symbol={token.symbol} /></strong>
        </p>
      )}
      {voter.data?.zeroReason && (
        <p className="notice" data-testid="zero-power-reason">
          {zeroReasons[voter.data.zeroReason](proposal.snapshotBlock, token.symbol)}
        </p>
      )}
      {voter.data?.vote && (
        <p data-testid="current-vote">
          You voted <strong>{describeChoice(proposal.type, voter.data.vote.choice, proposal.choices)}</strong> (signed {formatDateTime(new Date(voter.data.vote.timestamp))}).
          {open && ' Voting again before the end replaces this vote; it never adds to it.'}{' '}
          <Link href={`/dao/receipt/${voter.data.vote.messageId}`} data-testid="current-vote-receipt">
            Your receipt
          </Link>
        </p>
      )}
      {open && (power === undefined || power > 0n) && (
        <form onSubmit={submit} noValidate>
          {(proposal.type === 'basic' || proposal.type === 'single-choice') && (
            <SingleChoice choices={proposal.choices} value={typeof ballot === 'number' ? ballot : undefined} onChange={setBallot} />
          )}
          {proposal.type === 'approval' && <Approval choices={proposal.choices} maxPicks={proposal.maxPicks} value={Array.isArray(ballot) ? ballot : []} onChange={setBallot} />}
          {(proposal.type === 'weighted' || proposal.type === 'quadratic') && (
            <Weighted choices={proposal.choices} quadratic={proposal.type === 'quadratic'} value={ballot && typeof ballot === 'object' && !Array.isArray(ballot) ? (ballot as Record<string, number>) : {}} onChange={setBallot} />
          )}
          {proposal.type === 'ranked-choice' && <Ranked choices={proposal.choices} value={Array.isArray(ballot) ? ballot : []} onChange={setBallot} />}
          <div className="field">
            <label htmlFor="vote-reason">Reason (optional, public)</label>
            <textarea id="vote-reason" rows={2} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} />
          </div>
          {problem && (
            <p className="field-error" role="alert">
              {problem}
            </p>
          )}
          <RequireWallet action="vote">
            <button type="submit" className="primary" disabled={status.status === 'sign'}>
              {voter.data?.vote ? 'Sign and change my vote' : 'Sign and vote'}
            </button>
          </RequireWallet>
          <p className="hint">
            Signing costs no gas. Unlike Snapshot, the signed vote names this chain ({proposal.chainId}) and the space&apos;s token, so a wallet on another network
            is asked to switch instead of failing with &quot;chainId does not match&quot;.
          </p>
        </form>
      )}
      <SignatureStatus state={status} />
      {status.status === 'submitted' && status.receiptId && (
        <p>
          <Link href={`/dao/receipt/${status.receiptId}`} data-testid="vote-receipt-link">
            Open your receipt
          </Link>{' '}
          <span className="hint">Check it on-chain yourself once the proposal settles; until then it shows the intake batch.</span>
        </p>
      )}
    </section>
  )
}
