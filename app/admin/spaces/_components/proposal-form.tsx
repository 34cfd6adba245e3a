'use client'

import { useRouter } from 'next/navigation'
import { useState } from 'react'
import { focusFirstInvalid, postJson } from '@/app/components/post-json'
import { ProposalFields, readProposalFields, useProposalDraft } from '@/app/components/proposal-fields'
import { Field } from '@/app/components/ui/field'
import { parseGovernanceInputErrors } from '@/lib/governance/parse-input-errors'
import { proposalInputSchema, type VotingTypeName } from '@/lib/governance/schema'

type ActionDraft = { target: string; value: string; mode: 'signature' | 'calldata'; signature: string; args: string; calldata: string }

const emptyAction: ActionDraft = { target: '', value: '0', mode: 'signature', signature: '', args: '', calldata: '0x' }

/**
 * Create a proposal: title, markdown body, voting type, choices (editor), approval's maximum,
 * voting window, discussion link, and for the basic type on-chain actions (a function signature
 * with arguments Arbor encodes, or raw calldata). Parsed in the browser with the server's schema.
 */
export function ProposalForm({ slug, votingTypes, minVotingPeriod, maxVotingPeriod }: { slug: string; votingTypes: VotingTypeName[]; minVotingPeriod: number; maxVotingPeriod: number }) {
  const router = useRouter()
  const draft = useProposalDraft({ votingTypes, minVotingPeriod, maxVotingPeriod })
  const { type } = draft
  const [actions, setActions] = useState<ActionDraft[]>([])
  const [errors, setErrors] = useState<Record<string, string[]>>({})
  const [message, setMessage] = useState<string>()
  const [busy, setBusy] = useState(false)

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const input = {
      ...readProposalFields(event.currentTarget, draft),
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
      <ProposalFields draft={draft} votingTypes={votingTypes} errors={errors} />
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
