import { existsSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import path from 'node:path'
import * as threads from 'node:worker_threads'
import { InvariantError } from '../errors'
import { OverloadedError } from './errors'
import { createVerifier, packItems, unpackResults, type PackedResults, type TypedDataItem, type VerifierBackend, type VerifyResult } from './verifier-core.mjs'

export type CreateVerifierPoolParameters = {
  /** Worker threads; 0 verifies on the calling thread. Default: the machine's parallelism. */
  size?: number
  /** Default 'auto': native libsecp256k1 when its binding loads, else pure JavaScript. */
  backend?: 'auto' | VerifierBackend
  /** Items waiting for a worker before `recover` throws OverloadedError. Default 50 000. */
  maxQueued?: number
  /** Items per message to a worker (amortizes the postMessage cost). Default 256. */
  chunkSize?: number
  /** The worker script; default lib/intake/verifier-worker.mjs under the project root. */
  workerPath?: string
}

export type VerifierPool = {
  size: number
  /** Resolves to the backend the workers loaded. */
  backend: () => Promise<VerifierBackend>
  recover: (items: readonly TypedDataItem[]) => Promise<VerifyResult[]>
  queued: () => number
  close: () => Promise<void>
}

/** One `recover` call: its items, their results as they come back, and its one promise. */
type Request = {
  items: readonly TypedDataItem[]
  results: VerifyResult[]
  /** Items not yet sent to a worker start here. */
  next: number
  left: number
  resolve: (results: VerifyResult[]) => void
  reject: (error: unknown) => void
  failed: boolean
}
/** A chunk sent to a worker: slices of one or more requests, in order. */
type Job = Array<{ request: Request; start: number; count: number }>
type Slot = { worker: threads.Worker; ready: Promise<VerifierBackend>; inFlight: number; jobs: Map<number, Job> }

function failJob(job: Job, error: unknown) {
  for (const { request } of job) {
    if (request.failed) continue
    request.failed = true
    request.reject(error)
  }
}

/**
 * The worker script as a plain file on disk, resolved from the project root (Next runs with the
 * project root as cwd; bundlers would otherwise rewrite a `new URL(..., import.meta.url)`).
 */
export function resolveVerifierWorkerPath(): string {
  // turbopackIgnore: a computed path here would make Turbopack trace the whole project as worker entries
  const candidates = [path.join(/* turbopackIgnore: true */ process.cwd(), 'lib', 'intake', 'verifier-worker.mjs')]
  const found = candidates.find((candidate) => existsSync(/* turbopackIgnore: true */ candidate))
  if (!found) throw new InvariantError(`verifier worker not found (looked for ${candidates.join(', ')})`)
  return found
}

/** A pool of worker threads recovering EIP-712 signers, fed in chunks from one bounded queue. */
export function createVerifierPool({
  size = Math.max(1, availableParallelism()),
  backend = 'auto',
  maxQueued = 50_000,
  chunkSize = 256,
  workerPath,
}: CreateVerifierPoolParameters = {}): VerifierPool {
  if (size === 0) {
    const verifier = createVerifier({ backend })
    return {
      size: 0,
      backend: async () => (await verifier).backend,
      recover: async (items) => (await verifier).verifyMany(items),
      queued: () => 0,
      close: async () => {},
    }
  }
  const script = workerPath ?? resolveVerifierWorkerPath()
  /** Requests with items not yet sent, oldest first; `queuedItems` counts those items. */
  const queue: Request[] = []
  let queuedItems = 0
  let nextJobId = 1
  let closed = false
  const slots: Slot[] = []

  const spawn = (): Slot => {
    // Reflect.construct: bundlers treat `new Worker(path)` as a module entry to trace and compile;
    // this worker is a plain file on disk, loaded by Node as it is
    const worker: threads.Worker = Reflect.construct(threads.Worker, [script, { workerData: { backend } }])
    worker.unref()
    const slot: Slot = { worker, inFlight: 0, jobs: new Map(), ready: undefined as never }
    slot.ready = new Promise<VerifierBackend>((resolve, reject) => {
      worker.once('error', reject)
      worker.once('message', (message: { ready?: boolean; backend: VerifierBackend }) => resolve(message.backend))
    })
    slot.ready.catch(() => {})
    worker.on('message', (message: { jobId?: number; results?: PackedResults; failure?: string }) => {
      if (message.jobId === undefined) return
      const job = slot.jobs.get(message.jobId)
      if (!job) return
      slot.jobs.delete(message.jobId)
      slot.inFlight--
      if (message.results) {
        const results = unpackResults(message.results)
        let k = 0
        for (const { request, start, count } of job) {
          for (let i = 0; i < count; i++) request.results[start + i] = results[k++]!
          request.left -= count
          if (request.left === 0 && !request.failed) request.resolve(request.results)
        }
      } else failJob(job, new InvariantError(`verifier worker failed: ${message.failure}`))
      dispatch()
    })
    worker.on('exit', (code) => {
      for (const job of slot.jobs.values()) failJob(job, new InvariantError(`verifier worker exited (${code})`))
      slot.jobs.clear()
      const index = slots.indexOf(slot)
      if (index >= 0 && !closed) {
        slots[index] = spawn()
        dispatch()
      }
    })
    return slot
  }
  for (let i = 0; i < size; i++) slots.push(spawn())

  let scheduled = false
  function dispatch() {
    while (queue.length > 0) {
      // two chunks in flight per worker, so a worker never waits for the main thread
      const slot = slots.reduce<Slot | undefined>((best, s) => (s.inFlight < 2 && (!best || s.inFlight < best.inFlight) ? s : best), undefined)
      if (!slot) return
      const job: Job = []
      const items: TypedDataItem[] = []
      while (items.length < chunkSize && queue.length > 0) {
        const request = queue[0]!
        const count = Math.min(chunkSize - items.length, request.items.length - request.next)
        job.push({ request, start: request.next, count })
        for (let i = 0; i < count; i++) items.push(request.items[request.next + i]!)
        request.next += count
        if (request.next === request.items.length) queue.shift()
      }
      queuedItems -= items.length
      const jobId = nextJobId++
      slot.jobs.set(jobId, job)
      slot.inFlight++
      // flat: values, not an object with its keys per item, to clone (packItems)
      slot.worker.postMessage({ jobId, packed: packItems(items) })
    }
  }

  return {
    size,
    backend: () => slots[0]!.ready,
    queued: () => queuedItems,
    recover(items) {
      if (closed) return Promise.reject(new InvariantError('verifier pool is closed'))
      if (queuedItems + items.length > maxQueued) {
        return Promise.reject(new OverloadedError('signature verification queue is full', { retryAfter: 1 }))
      }
      if (items.length === 0) return Promise.resolve([])
      // one promise per call, not one per item
      const promise = new Promise<VerifyResult[]>((resolve, reject) => {
        queue.push({ items, results: new Array<VerifyResult>(items.length), next: 0, left: items.length, resolve, reject, failed: false })
      })
      queuedItems += items.length
      // coalesce the items of concurrent requests into full chunks
      if (!scheduled) {
        scheduled = true
        setImmediate(() => {
          scheduled = false
          dispatch()
        })
      }
      return promise
    },
    async close() {
      closed = true
      await Promise.all(slots.map((slot) => slot.worker.terminate()))
    },
  }
}
