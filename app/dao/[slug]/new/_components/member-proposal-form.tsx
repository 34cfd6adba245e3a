'use client'

import { useQuery } from '@tanstack/react-query'
import { useRouter } from 'next/navigation'
import { useState } from 'react'
import type { Address } from 'viem'
import { useConnection, useSignTypedData } from 'wagmi'
import { focusFirstInvalid, postJson } from '@/app/components/post-json'
import { ProposalFields, readProposalFields, useProposalDraft } from '@/app/components/proposal-fields'
import { TokenAmount } from '@/app/components/token-amount'
import { SignatureStatus, type SignatureState } from '@/app/components/tx/tx-status'
import { RequireWallet } from '@/app/components/wallet/require-wallet'
import { describeContractError } from '@/lib/chain/describe-contract-error'
import type { ProposerStatus } from '@/lib/governance/get-proposer-status'
import { parseGovernanceInputErrors } from '@/lib/governance/parse-input-errors'
import { getProposalTypedData, type ProposalMessage } from '@/lib/governance/proposal-typed-data'
import { proposalInputSchema, type VotingTypeName } from '@/lib/governance/schema'

export type MemberProposalSpace = {
  slug: string
  chainId: number
  token: Address
  powerSource: 'token' | 'campaign'
  /** Base units. */
  threshold: string
  votingTypes: VotingTypeName[]
  minVotingPeriod: number
  maxVotingPeriod: number
}

/** The signed message's field names, as `POST /api/proposals` reports them (`message.start`), to the form's (`startAt`). */
const formField: Record<string, string> = { start: 'startAt', end: 'endAt', discussion: 'discussionUrl' }
const formFields = new Set(['title', 'body', 'votingType', 'choices', 'maxPicks', 'startAt', 'endAt', 'discussionUrl'])

/** The API's field errors under the form's field names; anything without a field of its own (signature, snapshot, timestamp) comes back in `rest`. */
function toFormErrors(fieldErrors: Record<string, string[]>): { errors: Record<string, string[]>; rest: string[] } {
  const errors: Record<string, string[]> = {}
  const rest: string[] = []
  for (const [path, messages] of Object.entries(fieldErrors)) {
    const [head = '', ...tail] = path.replace(/^message\./, '').split('.')
    const field = formField[head] ?? head
    if (formFields.has(field)) errors[[field, ...tail].join('.')] = messages
    else rest.push(...messages.map((m) => `${path}: ${m}`))
  }
  return { errors, rest }
}

const seconds = (iso: string) => BigInt(Math.floor(new Date(iso).getTime() / 1000))

/**
 * A member's proposal: their power at the latest complete block against the space's threshold
 * (or, below it, why and how to get more: delegation), the shared proposal fields, then sign the
 * EIP-712 `Proposal` in the wallet (`<SignatureStatus>`), post it, and open the new proposal.
 * The server checks the power again at the signed snapshot block.
 */
export function MemberProposalForm({ space, token }: { space: MemberProposalSpace; token: { symbol: string; decimals: number } }) {
  const router = useRouter()
  const connection = useConnection()
  const address = connection.status === 'connected' ? connection.address : undefined
  const { mutateAsync: signTypedData } = useSignTypedData()
  const draft = useProposalDraft(space)
  const [errors, setErrors] = useState<Record<string, string[]>>({})
  const [status, setStatus] = useState<SignatureState>({ status: 'idle' })

  const proposer = useQuery({
    queryKey: ['proposer', space.slug, address],
    enabled: Boolean(address),
    queryFn: async (): Promise<ProposerStatus> => {
      const response = await fetch(`/api/spaces/${space.slug}/proposers/${address}`)
      if (!response.ok) throw new Error(`Could not read your voting power (${response.status}).`)
      return response.json()
    },
  })
  const amount = (value: string) => <TokenAmount value={value} decimals={token.decimals} symbol={token.symbol} />
  const below = proposer.data && !proposer.data.eligible

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const fields = readProposalFields(event.currentTarget, draft)
    const local = parseGovernanceInputErrors(proposalInputSchema, fields)
    setErrors(local)
    if (Object.keys(local).length > 0) return focusFirstInvalid()
    if (!address) return
    try {
      // The snapshot is the latest complete block at signing: read it (and the power there) now.
      const { data: fresh } = await proposer.refetch()
      if (!fresh) throw new Error('Could not read your voting power; try again.')
      if (!fresh.eligible) return setStatus({ status: 'idle' })
      const message: ProposalMessage = {
        proposer: address,
        space: space.slug,
        title: fields.title,
        body: fields.body,
        votingType: fields.votingType,
        choices: fields.choices,
        maxPicks: fields.maxPicks ?? 0,
        start: seconds(fields.startAt),
        end: seconds(fields.endAt),
        snapshot: BigInt(fresh.block),
        discussion: fields.discussionUrl,
        timestamp: BigInt(Math.floor(Date.now() / 1000)),
      }
      setStatus({ status: 'sign' })
      const signature = await signTypedData(getProposalTypedData({ chainId: space.chainId, token: space.token, message }))
      const body = { message: { ...message, start: String(message.start), end: String(message.end), snapshot: String(message.snapshot), timestamp: String(message.timestamp) }, signature }
      const result = await postJson<{ slug: string; number: number }>('/api/proposals', body)
      if (result.ok) {
        setStatus({ status: 'submitted', message: `Opening proposal #${result.data.number}…` })
        return router.push(`/dao/${result.data.slug}/${result.data.number}`)
      }
      const { errors: server, rest } = toFormErrors(result.fieldErrors)
      setErrors(server)
      setStatus({ status: 'failed', message: Object.keys(server).length > 0 && rest.length === 0 ? 'Arbor refused the proposal: see the fields marked above.' : rest[0] ?? result.message })
      if (Object.keys(server).length > 0) focusFirstInvalid()
      else void proposer.refetch()
    } catch (error) {
      const message = describeContractError(error)
      setStatus({ status: 'failed', message: message === 'You declined in your wallet.' ? 'You declined in your wallet; nothing was sent.' : message })
    }
  }

  return (
    <div className="member-proposal" data-testid="member-proposal">
      <section aria-labelledby="proposer-heading" className="card">
        <h2 id="proposer-heading">Your voting power</h2>
        {!address && <p>Connect your wallet to see your voting power against the threshold of {amount(space.threshold)}.</p>}
        {address && proposer.isPending && <p>Reading your voting power…</p>}
        {proposer.error && <p className="error">{proposer.error.message}</p>}
        {proposer.data && (
          <p data-testid="proposer-power">
            At block {proposer.data.block}, the latest complete block: <strong>{amount(proposer.data.power)}</strong> of the {amount(proposer.data.threshold)} needed
            to propose.{proposer.data.eligible && ' You can propose.'}
          </p>
        )}
        {below && <BelowThreshold status={proposer.data!} powerSource={space.powerSource} symbol={token.symbol} amount={amount} />}
      </section>
      {!below && (
        <form onSubmit={submit} noValidate className="card" aria-labelledby="proposal-form-heading">
          <h2 id="proposal-form-heading">Your proposal</h2>
          <ProposalFields draft={draft} votingTypes={space.votingTypes} errors={errors} />
          <p className="hint">
            The snapshot block is the latest complete block when you sign; votes count each member&apos;s power there. Members&apos; proposals carry no on-chain
            actions: ask an admin for an executable proposal. The analyst reviews the proposal right after.
          </p>
          <RequireWallet action="propose">
            <button type="submit" className="primary" disabled={status.status === 'sign' || proposer.isFetching}>
              Sign and create proposal
            </button>
          </RequireWallet>
          <SignatureStatus state={status} />
        </form>
      )}
    </div>
  )
}

/** Why a member cannot propose, in words, and how to get the power: delegation. */
function BelowThreshold({ status, powerSource, symbol, amount }: { status: ProposerStatus; powerSource: 'token' | 'campaign'; symbol: string; amount: (value: string) => React.ReactNode }) {
  if (status.proposers === 'admins') {
    return (
      <p className="notice" data-testid="below-threshold">
        Only the space&apos;s admins create proposals here.
      </p>
    )
  }
  const missing = (BigInt(status.threshold) - BigInt(status.power)).toString()
  const why =
    status.zeroReason === 'no-tokens'
      ? `You hold no ${symbol} at block ${status.block}, and nobody has delegated votes to you.`
      : status.zeroReason === 'not-delegated'
        ? `You hold ${symbol} but have not delegated it: ${symbol} counts only delegated votes (ERC20Votes), so your tokens give no voting power until you delegate them to yourself.`
        : status.zeroReason === 'delegated-away'
          ? `You have delegated your ${symbol} votes to someone else, who votes with them.`
          : status.zeroReason === 'not-in-airdrop'
            ? 'Your address is not in the airdrop this space counts as voting power.'
            : null
  return (
    <div className="notice" data-testid="below-threshold">
      <p>
        <strong>You cannot propose yet:</strong> you need {amount(missing)} more voting power. {why}
      </p>
      {powerSource === 'token' ? (
        <p>
          To get it: delegate your own {symbol} to yourself (one transaction on the token, <code>delegate(your address)</code>), or ask members who hold {symbol}{' '}
          to delegate their votes to you. Delegated votes count from the next block; come back then.
        </p>
      ) : (
        <p>Power in this space is the airdrop allocation; it cannot be delegated. Ask a member with enough power to propose for you.</p>
      )}
    </div>
  )
}
