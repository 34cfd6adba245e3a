'use client'

import Papa from 'papaparse'
import { useRouter } from 'next/navigation'
import { useRef, useState, useSyncExternalStore, type FormEvent } from 'react'
import { Field } from '@/app/components/ui/field'
import { Progress } from '@/app/components/ui/progress'
import { createCampaignSchema } from '@/lib/airdrop/schema'

type Draft = { id: string; name: string; tokenSymbol: string; tokenDecimals: number }
type BadRows = { errorCount: number; rowCount: number; errors: { line: number; reason: string }[]; message: string }
type ServerProgress = {
  phase: 'reading' | 'building' | 'saving' | 'ready' | 'failed' | null
  rows?: number
  build?: { phase: string; done: number; total: number }
  save?: Record<'allocations' | 'contentHash' | 'tree', { done: number; total: number }>
}

const noSubscription = () => () => {}

const steps = ['Details', 'Allocations', 'Review', 'Deploy and fund'] as const

/** Bytes of the chosen file read at a time to count its lines. */
const COUNT_SLICE_BYTES = 8 * 1024 * 1024

/** The server's build steps as the admin reads them. */
const buildSteps: Record<string, string> = { leaves: 'hashing the leaves', sort: 'sorting', nodes: 'hashing the nodes', compact: 'packing it for storage' }

/** The create-campaign stepper: details → allocation file (preview, upload, build) → the campaign page for review and deployment. */
export function CreateCampaignStepper({ resume, serverTimeZone }: { resume?: Draft; serverTimeZone: string }) {
  const [draft, setDraft] = useState<Draft | undefined>(resume)
  return (
    <>
      <ol className="stepper" aria-label="Steps">
        {steps.map((step, i) => (
          <li key={step} aria-current={(draft ? 1 : 0) === i ? 'step' : undefined}>
            {step}
          </li>
        ))}
      </ol>
      {draft ? <AllocationStep draft={draft} /> : <DetailsStep onCreated={setDraft} serverTimeZone={serverTimeZone} />}
    </>
  )
}

function DetailsStep({ onCreated, serverTimeZone }: { onCreated: (draft: Draft) => void; serverTimeZone: string }) {
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [busy, setBusy] = useState(false)
  // the browser's zone once hydrated (datetime-local values are in it); the server's before
  const timeZone = useSyncExternalStore(
    noSubscription,
    () => Intl.DateTimeFormat().resolvedOptions().timeZone,
    () => serverTimeZone,
  )

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    const local = (name: string) => {
      const value = String(form.get(name) ?? '')
      return value ? new Date(value).toISOString() : ''
    }
    const input = { name: String(form.get('name') ?? ''), tokenAddress: String(form.get('tokenAddress') ?? ''), startAt: local('startAt'), endAt: local('endAt') }
    const parsed = createCampaignSchema.safeParse(input)
    if (!parsed.success) {
      const found = Object.fromEntries(parsed.error.issues.map((issue) => [String(issue.path[0]), issue.message]))
      setErrors(found)
      document.getElementById(`campaign-${Object.keys(found)[0]}`)?.focus()
      return
    }
    setBusy(true)
    setErrors({})
    try {
      const response = await fetch('/api/admin/campaigns', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) })
      const body = await response.json()
      if (!response.ok) {
        const field = body.error?.details?.field ?? 'name'
        setErrors({ [field]: body.error?.message ?? 'The campaign could not be created.' })
        document.getElementById(`campaign-${field}`)?.focus()
        return
      }
      onCreated({ id: body.id, name: input.name, tokenSymbol: body.tokenSymbol, tokenDecimals: body.tokenDecimals })
    } finally {
      setBusy(false)
    }
  }

  return (
    <form onSubmit={submit} noValidate className="card form" aria-label="Campaign details">
      <h2>Details</h2>
      <Field id="campaign-name" label="Name" error={errors.name}>
        <input name="name" required maxLength={120} autoComplete="off" />
      </Field>
      <Field id="campaign-tokenAddress" label="Token address" error={errors.tokenAddress} hint="The ERC-20 being distributed; its symbol and decimals are read from the chain.">
        <input name="tokenAddress" required className="mono" placeholder="0x…" autoComplete="off" spellCheck={false} />
      </Field>
      <Field id="campaign-startAt" label={`Claims open (${timeZone})`} error={errors.startAt}>
        <input name="startAt" type="datetime-local" required />
      </Field>
      <Field id="campaign-endAt" label={`Claims close (${timeZone})`} error={errors.endAt} hint="After this the owner can claw back what is unclaimed.">
        <input name="endAt" type="datetime-local" required />
      </Field>
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Reading the token…' : 'Continue'}
      </button>
    </form>
  )
}

function AllocationStep({ draft }: { draft: Draft }) {
  const router = useRouter()
  const [file, setFile] = useState<File>()
  const [preview, setPreview] = useState<string[][]>([])
  const [lineCount, setLineCount] = useState<number>()
  /** Bytes of the chosen file counted so far: a 10M-row file takes seconds, so the count shows it moving. */
  const [countedBytes, setCountedBytes] = useState(0)
  const chosenFile = useRef<File | undefined>(undefined)
  const [units, setUnits] = useState<'tokens' | 'base'>('tokens')
  const [duplicates, setDuplicates] = useState<'reject' | 'sum'>('reject')
  const [upload, setUpload] = useState<{ sent: number; total: number }>()
  const [server, setServer] = useState<ServerProgress>()
  const [badRows, setBadRows] = useState<BadRows>()
  const [failure, setFailure] = useState<string>()
  const xhr = useRef<XMLHttpRequest | null>(null)

  async function choose(chosen: File | undefined) {
    setFile(chosen)
    setPreview([])
    setLineCount(undefined)
    setCountedBytes(0)
    chosenFile.current = chosen
    setBadRows(undefined)
    setFailure(undefined)
    if (!chosen) return
    Papa.parse<string[]>(chosen, { preview: 6, skipEmptyLines: true, complete: (result) => setPreview(result.data) })
    // count lines 8 MB at a time: a 10M-row file is never one string in the page, and a few large
    // reads cost less than the stream's thousands of 64 KB ones
    let lines = 0
    let last = 10
    for (let from = 0; from < chosen.size; from += COUNT_SLICE_BYTES) {
      const value = new Uint8Array(await chosen.slice(from, from + COUNT_SLICE_BYTES).arrayBuffer())
      // another file was chosen meanwhile: its own count runs
      if (chosenFile.current !== chosen) return
      setCountedBytes(from + value.length)
      // indexOf is a native scan: a per-byte loop took seconds for 50 MB on a busy machine
      for (let at = value.indexOf(10); at !== -1; at = value.indexOf(10, at + 1)) lines++
      last = value[value.length - 1] ?? last
    }
    setLineCount(lines + (last === 10 ? 0 : 1))
  }

  function send() {
    if (!file) return
    setBadRows(undefined)
    setFailure(undefined)
    setUpload({ sent: 0, total: file.size })
    setServer(undefined)
    const request = new XMLHttpRequest()
    xhr.current = request
    request.open('PUT', `/api/admin/campaigns/${draft.id}/upload?units=${units}&duplicates=${duplicates}`)
    request.setRequestHeader('content-type', 'text/csv')
    request.upload.onprogress = (event) => setUpload({ sent: event.loaded, total: event.lengthComputable ? event.total : file.size })
    let polling = true
    const poll = async () => {
      while (polling) {
        await new Promise((resolve) => setTimeout(resolve, 600))
        if (!polling) break
        const response = await fetch(`/api/admin/campaigns/${draft.id}/upload`, { cache: 'no-store' }).catch(() => undefined)
        if (response?.ok && polling) setServer(await response.json())
      }
    }
    void poll()
    request.onloadend = () => {
      polling = false
      xhr.current = null
      setUpload(undefined)
      if (request.status === 200) {
        router.push(`/admin/campaigns/${draft.id}`)
        return
      }
      let body: { error?: { message?: string; details?: Partial<BadRows> } } = {}
      try {
        body = JSON.parse(request.responseText)
      } catch {
        // an aborted or cut request has no JSON
      }
      const details = body.error?.details
      if (request.status === 422 && details?.errors) {
        setBadRows({ errorCount: details.errorCount ?? 0, rowCount: details.rowCount ?? 0, errors: details.errors, message: body.error?.message ?? '' })
      } else {
        setFailure(request.status === 0 ? 'The upload was cancelled; nothing was stored.' : (body.error?.message ?? `The upload failed (${request.status}); nothing was stored.`))
      }
    }
    request.send(file)
  }

  const busy = upload !== undefined
  const built = server?.build
  return (
    <section className="card" aria-labelledby="allocations-title">
      <h2 id="allocations-title">Allocations for {draft.name}</h2>
      <p className="hint">
        A CSV with the header <code>address,amount</code>, one row per recipient. Token: {draft.tokenSymbol} ({draft.tokenDecimals} decimals).
      </p>
      <div className="field">
        <label htmlFor="allocation-file">Allocation file (CSV)</label>
        <input id="allocation-file" type="file" accept=".csv,text/csv" disabled={busy} onChange={(event) => void choose(event.currentTarget.files?.[0])} />
      </div>
      <fieldset disabled={busy}>
        <legend>Amounts are written in</legend>
        <label className="choice">
          <input type="radio" name="units" value="tokens" checked={units === 'tokens'} onChange={() => setUnits('tokens')} /> {draft.tokenSymbol} (up to {draft.tokenDecimals} decimals, e.g. 1.5)
        </label>
        <label className="choice">
          <input type="radio" name="units" value="base" checked={units === 'base'} onChange={() => setUnits('base')} /> base units (whole numbers, like wei)
        </label>
      </fieldset>
      <fieldset disabled={busy}>
        <legend>An address listed twice</legend>
        <label className="choice">
          <input type="radio" name="duplicates" value="reject" checked={duplicates === 'reject'} onChange={() => setDuplicates('reject')} /> is an error
        </label>
        <label className="choice">
          <input type="radio" name="duplicates" value="sum" checked={duplicates === 'sum'} onChange={() => setDuplicates('sum')} /> gets the sum of its amounts
        </label>
      </fieldset>
      {file && (
        <div aria-live="polite">
          <p>
            {file.name}: {(file.size / 1e6).toFixed(1)} MB{lineCount !== undefined ? (
              <>, {Math.max(0, lineCount - 1).toLocaleString('en-US')} rows after the header</>
            ) : (
              <>, counting its rows… {Math.floor((100 * countedBytes) / Math.max(1, file.size))}%</>
            )}
          </p>
          {preview.length > 0 && (
            <div className="table-scroll">
              <table aria-label="First lines of the file">
                <tbody>
                  {preview.map((row, i) => (
                    <tr key={i}>
                      {row.map((cell, j) => (
                        <td key={j} className={cell.length > 24 ? 'mono' : 'mono nowrap'}>
                          {cell}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      )}
      {busy && (
        <>
          {/* with the MB sent: 1% of a 10M-row file is 5 MB, read at the pace of the database inserts */}
          <Progress
            label="Uploading"
            value={upload.sent}
            max={upload.total}
            text={`${Math.floor((100 * upload.sent) / Math.max(1, upload.total))}% (${(upload.sent / 1e6).toFixed(1)} of ${(upload.total / 1e6).toFixed(1)} MB)`}
          />
          {server?.phase === 'reading' && <Progress label="Checking rows" text={`${(server.rows ?? 0).toLocaleString('en-US')} rows read`} />}
          {server?.phase === 'building' && built && (
            <Progress label={`Building the Merkle tree (${buildSteps[built.phase] ?? built.phase})`} value={built.done} max={built.total} text={`${Math.floor((100 * built.done) / Math.max(1, built.total))}%`} />
          )}
          {server?.phase === 'saving' && <SavingProgress save={server.save} />}
          <button type="button" onClick={() => xhr.current?.abort()}>
            Cancel upload
          </button>
        </>
      )}
      {!busy && (
        <button type="button" className="primary" disabled={!file} onClick={send}>
          Upload and build the tree
        </button>
      )}
      {failure && (
        <p role="alert" className="error">
          {failure}
        </p>
      )}
      {badRows && <BadRowsList campaignId={draft.id} badRows={badRows} />}
    </section>
  )
}

/** The save's one bar (the mean of its three steps) and each step's count, so a long save never sits still. */
function SavingProgress({ save }: { save: ServerProgress['save'] }) {
  if (!save) return <Progress label="Saving" />
  const steps = [save.allocations, save.contentHash, save.tree]
  const share = steps.reduce((sum, step) => sum + Math.min(1, step.done / Math.max(1, step.total)), 0) / steps.length
  const mb = (bytes: number) => Math.round(bytes / 1e6).toLocaleString('en-US')
  const percent = (step: { done: number; total: number }) => `${Math.floor((100 * step.done) / Math.max(1, step.total))}%`
  return (
    <>
      <Progress label="Saving" value={Math.round(1000 * share)} max={1000} text={`${Math.floor(100 * share)}%`} />
      <ul className="hint save-steps" aria-label="Saving steps">
        <li>
          {save.allocations.done.toLocaleString('en-US')} of {save.allocations.total.toLocaleString('en-US')} recipients written
        </li>
        <li>content hash {percent(save.contentHash)}</li>
        <li>
          tree {mb(save.tree.done)} of {mb(save.tree.total)} MB written
        </li>
      </ul>
    </>
  )
}

function BadRowsList({ campaignId, badRows }: { campaignId: string; badRows: BadRows }) {
  const shown = badRows.errors.length
  return (
    <div role="alert" className="bad-rows">
      <h3>
        {badRows.errorCount.toLocaleString('en-US')} bad row{badRows.errorCount === 1 ? '' : 's'} of {badRows.rowCount.toLocaleString('en-US')}: nothing was stored
      </h3>
      <p className="hint">
        Fix these lines and upload the file again.{' '}
        {badRows.errorCount > shown ? `The first ${shown} are below; ` : ''}
        <a href={`/api/admin/campaigns/${campaignId}/upload/errors`} download>
          Download the list of all bad rows (CSV)
        </a>
      </p>
      <div className="table-scroll">
        <table aria-label="Bad rows">
          <thead>
            <tr>
              <th scope="col">Line</th>
              <th scope="col">Problem</th>
            </tr>
          </thead>
          <tbody>
            {badRows.errors.map((error) => (
              <tr key={`${error.line}-${error.reason}`}>
                <th scope="row">{error.line}</th>
                <td>{error.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  )
}
