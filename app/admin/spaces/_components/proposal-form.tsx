'use client'

import { useRouter } from 'next/navigation'
import { useState } from 'react'
import { Field } from '@/app/components/ui/field'
import { parseGovernanceInputErrors } from '@/lib/governance/parse-input-errors'
import { proposalInputSchema, votingTypeLabels, type VotingTypeName } from '@/lib/governance/schema'
import { focusFirstInvalid, postJson } from './post-json'

type ActionDraft = { target: string; value: string; mode: 'signature' | 'calldata'; signature: string; args: string; calldata: string }

const emptyAction: ActionDraft = { target: '', value: '0', mode: 'signature', signature: '', args: '', calldata: '0x' }

/** "2026-12-01T10:00" in the browser's zone -> ISO; the page labels the inputs as local time. */
const toIso = (local: string) => (local ? new Date(local).toISOString() : '')
const localInput = (date: Date) => new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16)

/**
 * Create a proposal: title, markdown body, voting type, choices (editor), approval's maximum,
 * voting window, discussion link, and for the basic type on-chain actions (a function signature
 * with arguments Arbor encodes, or raw calldata). Parsed in the browser with the server's schema.
 */
export function ProposalForm({ slug, votingTypes, minVotingPeriod, maxVotingPeriod }: { slug: string; votingTypes: VotingTypeName[]; minVotingPeriod: number; maxVotingPeriod: number }) {
  const router = useRouter()
  const [type, setType] = useState<VotingTypeName>(votingTypes[0]!)
  const [choices, setChoices] = useState<string[]>(['', ''])
  const [actions, setActions] = useState<ActionDraft[]>([])
  const [errors, setErrors] = useState<Record<string, string[]>>({})
  const [message, setMessage] = useState<string>()
  const [busy, setBusy] = useState(false)
  const [window] = useState(() => {
    const start = new Date(Date.now() + 60_000)
    return { start: localInput(start), end: localInput(new Date(start.getTime() + Math.min(maxVotingPeriod, Math.max(minVotingPeriod, 3 * 86_400)) * 1000)) }
  })

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    const maxPicks = String(form.get('maxPicks') ?? '')
    const input = {
      title: String(form.get('title') ?? ''),
      body: String(form.get('body') ?? ''),
      votingType: type,
      choices: type === 'basic' ? [] : choices,
      ...(type === 'approval' && maxPicks ? { maxPicks: Number(maxPicks) } : {}),
      startAt: toIso(String(form.get('startAt') ?? '')),
      endAt: toIso(String(form.get('endAt') ?? '')),
      discussionUrl: String(form.get('discussionUrl') ?? ''),
      actions: type === 'basic' ? actions.map((a) => (a.mode === 'signature' ? { target: a.target, value: a.value, signature: a.signature, args: a.args ? a.args.split(',').map((s) => s.trim()) : [] } : { target: a.target, value: a.value, calldata: a.calldata })) : [],
    }
    const local = parseGovernanceInputErrors(proposalInputSchema, input)
    setErrors(local)
    setMessage(undefined)
    if (Object.keys(local).length > 0) return focusFirstInvalid()
    setBusy(true)
    const result = await postJson<{ slug: string; number: number }>(`/api/admin/spaces/${slug}/proposals`, input)
    setBusy(false)
    if (result.ok) return router.push(`/dao/${result.data.slug}/${result.data.number}`)
    setErrors(result.fieldErrors)
    setMessage(result.message)
    focusFirstInvalid()
  }

  const error = (field: string) => errors[field]
  const setAction = (i: number, patch: Partial<ActionDraft>) => setActions(actions.map((a, j) => (j === i ? { ...a, ...patch } : a)))
  return (
    <form onSubmit={submit} noValidate className="card">
      <Field id="proposal-title" label="Title" error={error('title')}>
        <input name="title" maxLength={300} />
      </Field>
      <Field id="proposal-body" label="Text (Markdown)" error={error('body')} hint="Rendered safely: no scripts, no raw HTML.">
        <textarea name="body" rows={6} />
      </Field>
      <Field id="proposal-type" label="Voting type" error={error('votingType')}>
        <select name="votingType" value={type} onChange={(e) => setType(e.target.value as VotingTypeName)}>
          {votingTypes.map((t) => (
            <option key={t} value={t}>
              {votingTypeLabels[t]}
            </option>
          ))}
        </select>
      </Field>
      {type === 'basic' ? (
        <p className="hint">Choices: For, Against, Abstain. Only this type may carry on-chain actions, since only a yes/no result can be executed.</p>
      ) : (
        <fieldset>
          <legend>Choices</legend>
          {choices.map((choice, i) => (
            <div key={i} className="row">
              <Field id={`choice-${i + 1}`} label={`Choice ${i + 1}`} error={error(`choices.${i}`)}>
                <input value={choice} maxLength={200} onChange={(e) => setChoices(choices.map((c, j) => (j === i ? e.target.value : c)))} />
              </Field>
              <button type="button" onClick={() => setChoices(choices.filter((_, j) => j !== i))} disabled={choices.length <= 2} aria-label={`Remove choice ${i + 1}`}>
                Remove
              </button>
            </div>
          ))}
          {error('choices') && (
            <p className="field-error" role="alert">
              {error('choices')![0]}
            </p>
          )}
          <button type="button" onClick={() => setChoices([...choices, ''])} disabled={choices.length >= 20}>
            Add a choice
          </button>
        </fieldset>
      )}
      {type === 'approval' && (
        <Field id="proposal-max-picks" label="Most choices a voter may approve (optional)" error={error('maxPicks')}>
          <input name="maxPicks" type="number" min={1} max={choices.length} />
        </Field>
      )}
      <Field id="proposal-start" label="Voting starts (your local time)" error={error('startAt')}>
        <input name="startAt" type="datetime-local" defaultValue={window.start} />
      </Field>
      <Field id="proposal-end" label="Voting ends (your local time)" error={error('endAt')}>
        <input name="endAt" type="datetime-local" defaultValue={window.end} />
      </Field>
      <Field id="proposal-discussion" label="Discussion link (optional)" error={error('discussionUrl')}>
        <input name="discussionUrl" type="url" placeholder="https://forum.example/t/…" />
      </Field>
      {type === 'basic' && (
        <fieldset>
          <legend>On-chain actions (optional)</legend>
          {error('actions') && (
            <p className="field-error" role="alert">
              {error('actions')![0]}
            </p>
          )}
          {actions.map((action, i) => (
            <div key={i} className="card" data-testid="action-editor">
              <Field id={`action-${i}-target`} label={`Action ${i + 1}: target contract`} error={error(`actions.${i}.target`)}>
                <input value={action.target} onChange={(e) => setAction(i, { target: e.target.value })} placeholder="0x…" spellCheck={false} />
              </Field>
              <Field id={`action-${i}-value`} label="Value sent (wei)" error={error(`actions.${i}.value`)}>
                <input value={action.value} inputMode="numeric" onChange={(e) => setAction(i, { value: e.target.value })} />
              </Field>
              <Field id={`action-${i}-mode`} label="Call given as">
                <select value={action.mode} onChange={(e) => setAction(i, { mode: e.target.value as ActionDraft['mode'] })}>
                  <option value="signature">A function signature and arguments (Arbor encodes them)</option>
                  <option value="calldata">Raw calldata</option>
                </select>
              </Field>
              {action.mode === 'signature' ? (
                <>
                  <Field id={`action-${i}-signature`} label="Function signature" error={error(`actions.${i}.signature`)} hint="For example transfer(address,uint256)">
                    <input value={action.signature} onChange={(e) => setAction(i, { signature: e.target.value })} spellCheck={false} />
                  </Field>
                  <Field id={`action-${i}-args`} label="Arguments, comma-separated (amounts in base units)" error={error(`actions.${i}.args`)}>
                    <input value={action.args} onChange={(e) => setAction(i, { args: e.target.value })} spellCheck={false} />
                  </Field>
                </>
              ) : (
                <Field id={`action-${i}-calldata`} label="Calldata" error={error(`actions.${i}.calldata`)}>
                  <input value={action.calldata} onChange={(e) => setAction(i, { calldata: e.target.value })} spellCheck={false} />
                </Field>
              )}
              <button type="button" onClick={() => setActions(actions.filter((_, j) => j !== i))}>
                Remove action {i + 1}
              </button>
            </div>
          ))}
          <button type="button" onClick={() => setActions([...actions, emptyAction])}>
            Add an action
          </button>
        </fieldset>
      )}
      <p className="hint">The snapshot block is the latest block when you create the proposal; the analyst reviews it right after.</p>
      {message && <p className="error">{message}</p>}
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Creating…' : 'Create proposal'}
      </button>
    </form>
  )
}
