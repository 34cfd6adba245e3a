import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import type { SqlQueryable } from '../db/types'
import type { BuildProgress } from '../merkle/build-tree-parallel'
import type { AllocationRowError } from './parse-allocations'

/**
 * What an allocation upload is doing, polled by the admin page while the upload request runs:
 * rows and bytes read, then the tree build's phase, then saving; `failed` with a sentence and the
 * bad row count. Kept in `campaigns.import_*` (and the bad rows in `campaign_import_errors`), so a
 * poll answered by another server instance, or after a restart, shows the truth.
 */
export type ImportProgress = {
  campaignId: string
  phase: ImportPhase
  rows: number
  bytes: number
  /** The upload's declared size in bytes, when the client sent Content-Length. */
  totalBytes: number | undefined
  build: ImportBuildProgress | undefined
  /** While saving: what is written and hashed so far (the allocations may be written from the reading on). */
  save: SaveProgress | undefined
  /** Set when failed: a sentence, and the bad row count. */
  message?: string
  errorCount?: number
  /** Epoch ms. */
  startedAt: number
  updatedAt: number
}

export type ImportPhase = 'reading' | 'building' | 'saving' | 'ready' | 'failed'

/** The tree build's steps (`leaves`, `sort`, `nodes`), then `compact`: the compact tree's bytes encoded of its total. */
export type ImportBuildProgress = BuildProgress | { phase: 'compact'; done: number; total: number }

/**
 * The save's three steps, each `{ done, total }`: allocation rows inserted of the recipients; the
 * content hash's entries (tree nodes and values) hashed; the compact tree's bytes written.
 */
export type SaveProgress = {
  allocations: { done: number; total: number }
  contentHash: { done: number; total: number }
  tree: { done: number; total: number }
}

/** The running import, in the process that runs it. */
export type ImportTracker = {
  campaignId: string
  /** This process's id for the import: the row's `import_owner`. */
  owner: string
  phase: ImportPhase
  /** Aborted by a local cancel, or when the row says the import is no longer this process's (cancelled elsewhere). */
  abort: AbortController
}

/** Bad rows kept for the download; `import_error_count` counts them all. */
export const MAX_STORED_IMPORT_ERRORS = 100_000
/** A running import writes its heartbeat this often (ms)… */
export const IMPORT_HEARTBEAT_MS = 5_000
/**
 * …and one silent for this long (ms) was left by a process that stopped. Generous: a loaded
 * machine has kept a 1M import's event loop busy for tens of seconds at a time.
 */
export const IMPORT_STALE_MS = 120_000
/** Progress writes (rows, bytes, build) at most this often (ms); phase changes are written at once. */
const PROGRESS_WRITE_MS = 500

const RUNNING = "('reading', 'building', 'saving')"
const STALE_MESSAGE = 'the server handling this upload stopped before it finished; nothing was stored. Upload the file again.'
const CANCELLED_MESSAGE = 'the upload was cancelled; nothing was stored'

type Local = ImportTracker & {
  heartbeat: ReturnType<typeof setInterval>
  pending: Partial<ImportProgress>
  writing: Promise<void>
  writtenAt: number
  /** Everything recorded so far, written or not: what a poll answered by this process shows. */
  latest: ImportProgress
}
// On globalThis: Next may load this module once per route bundle.
const local = ((globalThis as typeof globalThis & { __arborImportTrackers?: Map<string, Local> }).__arborImportTrackers ??= new Map())

type ProgressRow = {
  phase: ImportPhase | null
  rows: number
  bytes: string
  total_bytes: string | null
  build: ImportBuildProgress | null
  save: SaveProgress | null
  message: string | null
  error_count: number | null
  started_at: Date | string | null
  updated_at: Date | string | null
  stale: boolean
}

/**
 * The running or last upload of a campaign, from any instance, or undefined when none was made.
 * A running one whose process stopped (no heartbeat for 2 min) is reset to `failed` here, so the
 * admin sees why and can upload again.
 */
export async function getImportProgress(sql: SqlQueryable, campaignId: string): Promise<ImportProgress | undefined> {
  // running here: the latest counts at once, even while the import's own transaction holds the
  // database (PGlite runs one connection at a time) or its writes wait behind the bulk insert
  const running = local.get(campaignId)
  if (running && !running.abort.signal.aborted) return { ...running.latest, build: running.latest.build && { ...running.latest.build }, save: running.latest.save && structuredClone(running.latest.save) }
  const { rows: [row] } = await sql.query<ProgressRow>(
    `SELECT import_phase::text AS phase, import_rows AS rows, import_bytes::text AS bytes, import_total_bytes::text AS total_bytes,
       import_build AS build, import_save AS save, import_message AS message, import_error_count AS error_count,
       import_started_at AS started_at, import_updated_at AS updated_at,
       (import_phase IN ${RUNNING} AND import_updated_at < now() - make_interval(secs => $2)) AS stale
     FROM campaigns WHERE id = $1::uuid`,
    [campaignId, IMPORT_STALE_MS / 1000],
  )
  if (!row?.phase) return undefined
  if (row.stale) {
    await sql.query(
      `UPDATE campaigns SET import_phase = 'failed', import_message = $2, import_owner = NULL
       WHERE id = $1::uuid AND import_phase IN ${RUNNING} AND import_updated_at < now() - make_interval(secs => $3)`,
      [campaignId, STALE_MESSAGE, IMPORT_STALE_MS / 1000],
    )
    return { ...toProgress(campaignId, row), phase: 'failed', message: STALE_MESSAGE }
  }
  return toProgress(campaignId, row)
}

function toProgress(campaignId: string, row: ProgressRow): ImportProgress {
  return {
    campaignId,
    phase: row.phase!,
    rows: row.rows,
    bytes: Number(row.bytes),
    totalBytes: row.total_bytes === null ? undefined : Number(row.total_bytes),
    build: row.build ?? undefined,
    save: row.save ?? undefined,
    ...(row.message !== null && { message: row.message }),
    ...(row.error_count !== null && { errorCount: row.error_count }),
    startedAt: row.started_at ? new Date(row.started_at).getTime() : 0,
    updatedAt: row.updated_at ? new Date(row.updated_at).getTime() : 0,
  }
}

/**
 * Claims the campaign's upload slot for this process: undefined when another import is running
 * (on any instance, heartbeat fresh). Clears the last upload's bad rows, and starts the heartbeat.
 */
export async function startImportProgress(sql: SqlQueryable, campaignId: string, totalBytes: number | undefined): Promise<ImportTracker | undefined> {
  const owner = `${hostname()}:${process.pid}:${randomBytes(6).toString('hex')}`
  const { rowCount } = await sql.query(
    `UPDATE campaigns SET import_phase = 'reading', import_rows = 0, import_bytes = 0, import_total_bytes = $2, import_build = NULL, import_save = NULL,
       import_message = NULL, import_error_count = NULL, import_owner = $3, import_started_at = now(), import_updated_at = now()
     WHERE id = $1::uuid AND (import_phase IS NULL OR import_phase NOT IN ${RUNNING} OR import_updated_at < now() - make_interval(secs => $4))`,
    [campaignId, totalBytes ?? null, owner, IMPORT_STALE_MS / 1000],
  )
  if (rowCount !== 1) return undefined
  await sql.query('DELETE FROM campaign_import_errors WHERE campaign_id = $1::uuid', [campaignId])
  const tracker: Local = {
    campaignId,
    owner,
    phase: 'reading',
    abort: new AbortController(),
    pending: {},
    writing: Promise.resolve(),
    writtenAt: 0,
    latest: { campaignId, phase: 'reading', rows: 0, bytes: 0, totalBytes, build: undefined, save: undefined, startedAt: Date.now(), updatedAt: Date.now() },
    heartbeat: setInterval(() => {
      tracker.writing = tracker.writing.then(async () => {
        const { rowCount: mine } = await sql.query(
          `UPDATE campaigns SET import_updated_at = now() WHERE id = $1::uuid AND import_owner = $2 AND import_phase IN ${RUNNING}`,
          [campaignId, owner],
        )
        // cancelled from another instance, or taken over after this process looked dead
        if (mine !== 1) tracker.abort.abort(new Error(CANCELLED_MESSAGE))
      }).catch((error: unknown) => console.warn('[airdrop] import heartbeat failed', error))
    }, IMPORT_HEARTBEAT_MS),
  }
  tracker.heartbeat.unref?.()
  local.get(campaignId)?.abort.abort(new Error('a newer upload replaced this one'))
  local.set(campaignId, tracker)
  return tracker
}

/**
 * Records progress (give `build` and `save` as new objects: the latest is kept by reference). Counts are written at most every 500 ms (the latest wins); a phase change is
 * written at once and awaited. Writes never run out of order.
 */
export async function updateImportProgress(sql: SqlQueryable, tracker: ImportTracker, update: Partial<Pick<ImportProgress, 'phase' | 'rows' | 'bytes' | 'build' | 'save'>>): Promise<void> {
  const self = local.get(tracker.campaignId)
  if (!self || self.owner !== tracker.owner) return
  Object.assign(self.pending, update)
  Object.assign(self.latest, update, { updatedAt: Date.now() })
  const phaseChange = update.phase !== undefined && update.phase !== self.phase
  if (!phaseChange && Date.now() - self.writtenAt < PROGRESS_WRITE_MS) return
  if (update.phase) self.phase = update.phase
  self.writtenAt = Date.now()
  const { phase, rows, bytes, build, save } = self.pending
  self.pending = {}
  self.writing = self.writing.then(() =>
    sql
      .query(
        `UPDATE campaigns SET import_phase = COALESCE($3::campaign_import_phase, import_phase), import_rows = COALESCE($4, import_rows),
           import_bytes = COALESCE($5, import_bytes), import_build = COALESCE($6::jsonb, import_build), import_save = COALESCE($7::jsonb, import_save), import_updated_at = now()
         WHERE id = $1::uuid AND import_owner = $2 AND import_phase IN ${RUNNING}`,
        [tracker.campaignId, tracker.owner, phase ?? null, rows ?? null, bytes ?? null, build ? JSON.stringify(build) : null, save ? JSON.stringify(save) : null],
      )
      .then(() => undefined, (error: unknown) => console.warn('[airdrop] import progress write failed', error)),
  )
  if (phaseChange) await self.writing
}

/**
 * Ends the import as `failed` with a sentence and, for a file with bad rows, the count and the
 * first 100,000 of them (for the download). Stops the heartbeat. `ready` is written by the save
 * transaction itself (`finishImportProgress` only stops the heartbeat then).
 */
export async function finishImportProgress(
  sql: SqlQueryable,
  tracker: ImportTracker,
  outcome: { phase: 'ready' } | { phase: 'failed'; message: string; errorCount?: number; errors?: readonly AllocationRowError[] },
): Promise<void> {
  const self = local.get(tracker.campaignId)
  if (self?.owner === tracker.owner) {
    clearInterval(self.heartbeat)
    local.delete(tracker.campaignId)
    await self.writing
  }
  tracker.phase = outcome.phase
  if (outcome.phase !== 'failed') return
  const errors = (outcome.errors ?? []).slice(0, MAX_STORED_IMPORT_ERRORS)
  for (let at = 0; at < errors.length; at += 10_000) {
    const batch = errors.slice(at, at + 10_000)
    await sql.query(
      `INSERT INTO campaign_import_errors (campaign_id, line, reason)
       SELECT $1::uuid, l, r FROM unnest($2::int[], $3::text[]) AS t(l, r) ON CONFLICT DO NOTHING`,
      [tracker.campaignId, batch.map((e) => e.line), batch.map((e) => e.reason)],
    )
  }
  await sql.query(
    `UPDATE campaigns SET import_phase = 'failed', import_message = $3, import_error_count = $4, import_owner = NULL, import_updated_at = now()
     WHERE id = $1::uuid AND import_owner = $2`,
    [tracker.campaignId, tracker.owner, outcome.message, outcome.errorCount ?? null],
  )
}

/**
 * Cancels the campaign's running upload wherever it runs: aborted at once in this process, else
 * marked failed in the row, which the owning process's heartbeat sees within 5 s (it aborts, and
 * its save transaction cannot commit: it requires the row to be its own).
 */
export async function cancelImport(sql: SqlQueryable, campaignId: string): Promise<void> {
  local.get(campaignId)?.abort.abort(new Error(CANCELLED_MESSAGE))
  await sql.query(
    `UPDATE campaigns SET import_phase = 'failed', import_message = $2, import_owner = NULL, import_updated_at = now()
     WHERE id = $1::uuid AND import_phase IN ${RUNNING}`,
    [campaignId, CANCELLED_MESSAGE],
  )
}

/** The last rejected upload's bad rows kept for the download (line order; at most 100,000). */
export async function listImportErrors(sql: SqlQueryable, campaignId: string): Promise<AllocationRowError[]> {
  const { rows } = await sql.query<AllocationRowError>('SELECT line, reason FROM campaign_import_errors WHERE campaign_id = $1::uuid ORDER BY line', [campaignId])
  return rows
}
