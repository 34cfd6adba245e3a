'use client'

import { useRouter } from 'next/navigation'
import { useState } from 'react'
import { Field } from '@/app/components/ui/field'
import { parseGovernanceInputErrors } from '@/lib/governance/parse-input-errors'
import { spaceInputSchema, votingTypeLabels, votingTypes } from '@/lib/governance/schema'
import { focusFirstInvalid, postJson } from '@/app/components/post-json'

const hours = (value: string) => Math.round(Number(value) * 3600)

/** Create a space: name, voting-power source, quorum and threshold in tokens, voting period bounds, proposers, voting types, and optionally the treasury's executor, timelock and guardian. */
export function SpaceForm({ campaigns }: { campaigns: { id: string; name: string }[] }) {
  const router = useRouter()
  const [errors, setErrors] = useState<Record<string, string[]>>({})
  const [message, setMessage] = useState<string>()
  const [busy, setBusy] = useState(false)
  const [source, setSource] = useState<'token' | 'campaign'>('token')

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    const input = {
      name: String(form.get('name') ?? ''),
      about: String(form.get('about') ?? ''),
      powerSource: source,
      ...(source === 'token' ? { tokenAddress: String(form.get('tokenAddress') ?? '') } : { campaignId: String(form.get('campaignId') ?? '') }),
      quorum: String(form.get('quorum') || '0'),
      proposalThreshold: String(form.get('proposalThreshold') || '0'),
      minVotingPeriod: hours(String(form.get('minHours') || '1')),
      maxVotingPeriod: hours(String(form.get('maxHours') || '720')),
      proposers: String(form.get('proposers')),
      votingTypes: form.getAll('votingTypes').map(String),
      executorAddress: String(form.get('executorAddress') ?? ''),
      timelockAddress: String(form.get('timelockAddress') ?? ''),
      guardianAddress: String(form.get('guardianAddress') ?? ''),
    }
    const local = parseGovernanceInputErrors(spaceInputSchema, input)
    setErrors(local)
    setMessage(undefined)
    if (Object.keys(local).length > 0) return focusFirstInvalid()
    setBusy(true)
    const result = await postJson<{ slug: string }>('/api/admin/spaces', input)
    setBusy(false)
    if (result.ok) return router.push(`/admin/spaces/${result.data.slug}/proposals/new`)
    setErrors(result.fieldErrors)
    setMessage(result.message)
    focusFirstInvalid()
  }

  const error = (field: string) => errors[field]
  return (
    <form onSubmit={submit} noValidate className="card" aria-labelledby="new-space-heading">
      <h2 id="new-space-heading">New space</h2>
      <Field id="space-name" label="Name" error={error('name')}>
        <input name="name" required maxLength={100} />
      </Field>
      <Field id="space-about" label="About (optional)" error={error('about')}>
        <textarea name="about" rows={2} maxLength={2000} />
      </Field>
      <fieldset>
        <legend>Voting power</legend>
        <label className="option">
          <input type="radio" name="source" checked={source === 'token'} onChange={() => setSource('token')} /> An ERC20Votes token, read at each proposal&apos;s snapshot block
        </label>
        <label className="option">
          <input type="radio" name="source" checked={source === 'campaign'} onChange={() => setSource('campaign')} disabled={campaigns.length === 0} /> An Arbor airdrop&apos;s allocations (members vote before they claim)
        </label>
        {source === 'token' ? (
          <Field id="space-token" label="Token address" error={error('tokenAddress')} hint="The token must implement ERC20Votes (getPastVotes).">
            <input name="tokenAddress" placeholder="0x…" autoComplete="off" spellCheck={false} />
          </Field>
        ) : (
          <Field id="space-campaign" label="Airdrop campaign" error={error('campaignId')}>
            <select name="campaignId">
              {campaigns.map((campaign) => (
                <option key={campaign.id} value={campaign.id}>
                  {campaign.name}
                </option>
              ))}
            </select>
          </Field>
        )}
      </fieldset>
      <Field id="space-quorum" label="Quorum (tokens)" error={error('quorum')} hint="Voting power that must take part for a result to count.">
        <input name="quorum" inputMode="decimal" defaultValue="0" />
      </Field>
      <Field id="space-threshold" label="Proposal threshold (tokens)" error={error('proposalThreshold')} hint="Voting power a member needs to propose.">
        <input name="proposalThreshold" inputMode="decimal" defaultValue="0" />
      </Field>
      <Field id="space-proposers" label="Who may propose" error={error('proposers')}>
        <select name="proposers" defaultValue="admins">
          <option value="admins">Admins only</option>
          <option value="members">Admins and members at or above the threshold</option>
        </select>
      </Field>
      <Field id="space-min" label="Shortest voting period (hours)" error={error('minVotingPeriod')}>
        <input name="minHours" type="number" min={0.02} step="any" defaultValue={1} />
      </Field>
      <Field id="space-max" label="Longest voting period (hours)" error={error('maxVotingPeriod')}>
        <input name="maxHours" type="number" min={1} step="any" defaultValue={720} />
      </Field>
      <fieldset aria-describedby={error('votingTypes') ? 'space-types-error' : undefined}>
        <legend>Voting types allowed</legend>
        {votingTypes.map((type) => (
          <label key={type} className="option">
            <input type="checkbox" name="votingTypes" value={type} defaultChecked={type === 'basic' || type === 'single-choice'} /> {votingTypeLabels[type]}
          </label>
        ))}
        {error('votingTypes') && (
          <p className="field-error" id="space-types-error" role="alert">
            {error('votingTypes')![0]}
          </p>
        )}
      </fieldset>
      <fieldset>
        <legend>Treasury timelock / executor (optional)</legend>
        <p className="hint">
          To run passed basic proposals&apos; actions: the DAO&apos;s ArborExecutor, the timelock that holds the treasury (its delay is the veto
          window), and the guardian who may cancel during it. Give all three, or none.
        </p>
        <Field id="space-executor" label="Executor address" error={error('executorAddress')}>
          <input name="executorAddress" placeholder="0x…" autoComplete="off" spellCheck={false} />
        </Field>
        <Field id="space-timelock" label="Timelock (treasury) address" error={error('timelockAddress')}>
          <input name="timelockAddress" placeholder="0x…" autoComplete="off" spellCheck={false} />
        </Field>
        <Field id="space-guardian" label="Guardian address" error={error('guardianAddress')} hint="The timelock's canceller: may veto a queued proposal, nothing else.">
          <input name="guardianAddress" placeholder="0x…" autoComplete="off" spellCheck={false} />
        </Field>
      </fieldset>
      {message && <p className="error">{message}</p>}
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Creating…' : 'Create space'}
      </button>
    </form>
  )
}
