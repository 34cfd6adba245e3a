'use client'

import { useRouter } from 'next/navigation'
import { useState, type ChangeEvent, type FormEvent } from 'react'
import type { Analysis } from '@/lib/analysis/schema'
import { AnalysisPanel } from '@/app/components/analysis-panel'
import { DecodedActions } from './decoded-actions'
import { exampleProposals } from './example-proposals'

type Problem = { message: string; field?: string }

/** The error body of the API (`{ error: { message, details: { field } } }`), or a plain description. */
async function problemOf(response: Response): Promise<Problem> {
  const body = (await response.json().catch(() => undefined)) as { error?: { message?: string; details?: { field?: string } } } | undefined
  return { message: body?.error?.message ?? `The server answered ${response.status}.`, field: body?.error?.details?.field }
}

/**
 * Paste or upload a proposal JSON (the `arbor analyze` input) and read the analyst's verdict:
 * the analysis panel DAO members see, and every decoded action.
 */
export function AnalyzeProposalPanel() {
  const router = useRouter()
  const [text, setText] = useState('')
  const [source, setSource] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<Problem | null>(null)
  const [analysis, setAnalysis] = useState<Analysis | null>(null)

  async function analyze(json: string) {
    setProblem(null)
    setAnalysis(null)
    try {
      JSON.parse(json)
    } catch (error) {
      setProblem({ message: `The text is not valid JSON: ${error instanceof Error ? error.message : String(error)}` })
      return
    }
    setBusy(true)
    try {
      const response = await fetch('/api/admin/analyze', { method: 'POST', headers: { 'content-type': 'application/json' }, body: json })
      if (response.ok) {
        setAnalysis((await response.json()) as Analysis)
      } else if (response.status === 401) {
        setProblem({ message: 'Your admin session has ended. Sign in again.' })
        router.refresh()
      } else {
        setProblem(await problemOf(response))
      }
    } catch (error) {
      setProblem({ message: `The request failed: ${error instanceof Error ? error.message : String(error)}` })
    } finally {
      setBusy(false)
    }
  }

  async function upload(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0]
    event.target.value = ''
    if (!file) return
    const content = await file.text()
    setText(content)
    setSource(file.name)
    await analyze(content)
  }

  function submit(event: FormEvent) {
    event.preventDefault()
    void analyze(text)
  }

  return (
    <section aria-labelledby="analyze-heading">
      <h2 id="analyze-heading">Analyze a proposal</h2>
      <p className="lede">
        Paste a proposal as JSON (the input of <code>npx arbor analyze</code>: title, body, actions with target, value
        and calldata) or upload a <code>.json</code> file. The analyst decodes the actions and runs its rules; nothing is
        stored or sent on-chain.
      </p>
      <form className="analyze-form" onSubmit={submit}>
        <label htmlFor="proposal-json">Proposal JSON{source && <span className="empty"> (from {source})</span>}</label>
        <textarea
          id="proposal-json"
          className="proposal-json"
          value={text}
          spellCheck={false}
          placeholder='{ "title": "…", "body": "…", "actions": [ { "target": "0x…", "value": "0", "calldata": "0x…" } ] }'
          onChange={(event) => {
            setText(event.target.value)
            setSource(null)
          }}
        />
        <div className="row">
          <button type="submit" className="primary" disabled={busy || text.trim() === ''}>
            {busy ? 'Analyzing…' : 'Analyze'}
          </button>
          <label className="button">
            Upload a .json file
            <input type="file" accept=".json,application/json" className="visually-hidden" onChange={(event) => void upload(event)} data-testid="proposal-file" />
          </label>
          {exampleProposals.map((example) => (
            <button
              key={example.label}
              type="button"
              onClick={() => {
                setText(JSON.stringify(example.proposal, null, 2))
                setSource(null)
                setProblem(null)
              }}
            >
              {example.label}
            </button>
          ))}
        </div>
      </form>
      {problem && (
        <div className="error" role="alert" data-testid="analyze-error">
          {problem.message}
          {problem.field && (
            <div>
              Field: <code data-testid="error-field">{problem.field}</code>
            </div>
          )}
        </div>
      )}
      {analysis && (
        <div data-testid="analysis-result">
          {analysis.fallback && <p className="notice">The AI summary failed ({analysis.fallback.reason}); this is the offline analysis.</p>}
          <AnalysisPanel analysis={analysis} />
          <DecodedActions actions={analysis.actions} />
        </div>
      )}
    </section>
  )
}
