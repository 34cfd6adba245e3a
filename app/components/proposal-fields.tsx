'use client'

import { useState } from 'react'
import { Field } from '@/app/components/ui/field'
import { votingTypeLabels, type VotingTypeName } from '@/lib/governance/schema'

/** "2026-12-01T10:00" in the browser's zone -> ISO; the forms label the inputs as local time. */
const toIso = (local: string) => (local ? new Date(local).toISOString() : '')
const localInput = (date: Date) => new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16)

export type ProposalDraft = {
  type: VotingTypeName
  setType: (type: VotingTypeName) => void
  choices: string[]
  setChoices: (choices: string[]) => void
  /** The window's initial values, local `datetime-local` strings: a minute from now, lasting 3 days within the space's period. */
  window: { start: string; end: string }
}

/** The state the proposal fields share with their form: voting type, choices, initial window. */
export function useProposalDraft({ votingTypes, minVotingPeriod, maxVotingPeriod }: { votingTypes: VotingTypeName[]; minVotingPeriod: number; maxVotingPeriod: number }): ProposalDraft {
  const [type, setType] = useState<VotingTypeName>(votingTypes[0]!)
  const [choices, setChoices] = useState<string[]>(['', ''])
  const [window] = useState(() => {
    const start = new Date(Date.now() + 60_000)
    return { start: localInput(start), end: localInput(new Date(start.getTime() + Math.min(maxVotingPeriod, Math.max(minVotingPeriod, 3 * 86_400)) * 1000)) }
  })
  return { type, setType, choices, setChoices, window }
}

/** The fields both forms submit, as `proposalInputSchema` reads them (without `actions`); times are ISO strings. */
export type ProposalFieldsInput = {
  title: string
  body: string
  votingType: VotingTypeName
  choices: string[]
  maxPicks?: number
  startAt: string
  endAt: string
  discussionUrl: string
}

/** Reads the fields `<ProposalFields>` rendered in `form`. Basic proposals send no choices (always For, Against, Abstain). */
export function readProposalFields(form: HTMLFormElement, { type, choices }: Pick<ProposalDraft, 'type' | 'choices'>): ProposalFieldsInput {
  const data = new FormData(form)
  const maxPicks = String(data.get('maxPicks') ?? '')
  return {
    title: String(data.get('title') ?? ''),
    body: String(data.get('body') ?? ''),
    votingType: type,
    choices: type === 'basic' ? [] : choices,
    ...(type === 'approval' && maxPicks ? { maxPicks: Number(maxPicks) } : {}),
    startAt: toIso(String(data.get('startAt') ?? '')),
    endAt: toIso(String(data.get('endAt') ?? '')),
    discussionUrl: String(data.get('discussionUrl') ?? ''),
  }
}

/**
 * A proposal's fields, shared by the admin's form and a member's signed proposal: title, markdown
 * body, voting type (those the space allows), choices (editor), approval's maximum, voting window
 * (local time) and discussion link. Each error (`errors[field]`, schema paths such as `choices.1`)
 * sits under its field. On-chain actions are the admin form's own.
 */
export function ProposalFields({ draft, votingTypes, errors }: { draft: ProposalDraft; votingTypes: VotingTypeName[]; errors: Record<string, string[]> }) {
  const { type, setType, choices, setChoices, window } = draft
  const error = (field: string) => errors[field]
  return (
    <>
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
    </>
  )
}
