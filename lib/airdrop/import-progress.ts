import type { BuildProgress } from '../merkle/build-tree-parallel'
import type { AllocationRowError } from './parse-allocations'

/**
 * What an allocation import is doing, polled by the admin page while the upload request runs:
 * rows and bytes read, then the tree build's phase, then saving. `failed` keeps every bad row
 * (up to the parser's cap) for the download; it is forgotten after an hour.
 */
export type ImportProgress = {
  campaignId: string
  phase: 'reading' | 'building' | 'saving' | 'ready' | 'failed'
  rows: number
  bytes: number
  /** The upload's declared size in bytes, when the client sent Content-Length. */
  totalBytes: number | undefined
  build: BuildProgress | undefined
  /** Set when failed: a sentence, the bad row count and the bad rows kept. */
  message?: string
  errorCount?: number
  errors?: AllocationRowError[]
  startedAt: number
  updatedAt: number
  /** Aborts the running import (a second upload, or the admin's cancel). */
  abort: AbortController
}

const FORGET_AFTER_MS = 60 * 60 * 1000
const registry = ((globalThis as typeof globalThis & { __arborImports?: Map<string, ImportProgress> }).__arborImports ??= new Map())

/** The import of a campaign now running or last finished in this process, if any. */
export function getImportProgress(campaignId: string): ImportProgress | undefined {
  const progress = registry.get(campaignId)
  if (progress && progress.phase !== 'reading' && progress.phase !== 'building' && progress.phase !== 'saving') {
    if (Date.now() - progress.updatedAt > FORGET_AFTER_MS) {
      registry.delete(campaignId)
      return undefined
    }
  }
  return progress
}

/** Starts tracking an import; returns undefined when one is already running for the campaign. */
export function startImportProgress(campaignId: string, totalBytes: number | undefined): ImportProgress | undefined {
  const running = registry.get(campaignId)
  if (running && (running.phase === 'reading' || running.phase === 'building' || running.phase === 'saving')) return undefined
  const now = Date.now()
  const progress: ImportProgress = {
    campaignId,
    phase: 'reading',
    rows: 0,
    bytes: 0,
    totalBytes,
    build: undefined,
    startedAt: now,
    updatedAt: now,
    abort: new AbortController(),
  }
  registry.set(campaignId, progress)
  return progress
}

/** Updates a tracked import in place. */
export function updateImportProgress(progress: ImportProgress, update: Partial<Omit<ImportProgress, 'campaignId' | 'abort'>>): void {
  Object.assign(progress, update, { updatedAt: Date.now() })
}
