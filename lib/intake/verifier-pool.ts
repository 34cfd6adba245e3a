import { existsSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import path from 'node:path'
import * as threads from 'node:worker_threads'
import { InvariantError } from '../errors'
import { OverloadedError } from './errors'
import { createVerifier, type TypedDataItem, type VerifierBackend, type VerifyResult } from './verifier-core.mjs'

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

type Pending = { item: TypedDataItem; resolve: (result: VerifyResult) => void; reject: (error: unknown) => void }
type Slot = { worker: threads.Worker; ready: Promise<VerifierBackend>; inFlight: number; jobs: Map<number, Pending[]> }

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
  const queue: Pending[] = []
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
    worker.on('message', (message: { jobId?: number; results?: VerifyResult[]; failure?: string }) => {
      if (message.jobId === undefined) return
      const job = slot.jobs.get(message.jobId)
      if (!job) return
      slot.jobs.delete(message.jobId)
      slot.inFlight--
      if (message.results) job.forEach((pending, i) => pending.resolve(message.results![i]!))
      else job.forEach((pending) => pending.reject(new InvariantError(`verifier worker failed: ${message.failure}`)))
      dispatch()
    })
    worker.on('exit', (code) => {
      for (const job of slot.jobs.values()) job.forEach((pending) => pending.reject(new InvariantError(`verifier worker exited (${code})`)))
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
      const job = queue.splice(0, chunkSize)
      const jobId = nextJobId++
      slot.jobs.set(jobId, job)
      slot.inFlight++
      slot.worker.postMessage({ jobId, items: job.map((pending) => pending.item) })
    }
  }

  return {
    size,
    backend: () => slots[0]!.ready,
    queued: () => queue.length,
    recover(items) {
      if (closed) return Promise.reject(new InvariantError('verifier pool is closed'))
      if (queue.length + items.length > maxQueued) {
        return Promise.reject(new OverloadedError('signature verification queue is full', { retryAfter: 1 }))
      }
      const results = items.map(
        (item) => new Promise<VerifyResult>((resolve, reject) => queue.push({ item, resolve, reject })),
      )
      // coalesce the items of concurrent requests into full chunks
      if (!scheduled) {
        scheduled = true
        setImmediate(() => {
          scheduled = false
          dispatch()
        })
      }
      return Promise.all(results)
    },
    async close() {
      closed = true
      await Promise.all(slots.map((slot) => slot.worker.terminate()))
    },
  }
}
