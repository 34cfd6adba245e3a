import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import { MerkleWorkerError } from './errors'
import { keccakModule } from './keccak-wasm'

/**
 * A small pool of hashing threads shared by all parallel builds. Each worker runs the same keccak
 * module over the build's shared memory, so jobs are only offsets: nothing is copied.
 * The worker source is inline (CommonJS, `eval`) so it loads the same way under tsx, vitest and
 * Next.js bundles. Workers are unref'd: an idle pool never keeps the process alive.
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads')
const builds = new Map()
parentPort.on('message', (job) => {
  try {
    const wasm = builds.get(job.build)
    if (job.type === 'init') {
      builds.set(job.build, new WebAssembly.Instance(job.module, { env: { memory: job.memory } }).exports)
    } else if (job.type === 'release') {
      builds.delete(job.build)
    } else if (job.type === 'leaves') {
      if (job.offsets) wasm.hashLeavesVar(job.offsets, job.count, job.out, job.scratch)
      else wasm.hashLeaves(job.encodings, job.stride, job.count, job.out, job.scratch)
      if (job.addressCount > 0) wasm.checkAddresses(job.ascii, job.addressCount, job.results, job.scratch)
    } else if (job.type === 'nodes') {
      wasm.hashNodes(job.tree, job.from, job.to, job.scratch)
    }
    parentPort.postMessage({ id: job.id })
  } catch (error) {
    parentPort.postMessage({ id: job.id, error: String(error && error.stack || error) })
  }
})
`

/** Jobs name their build: concurrent builds share the pool, each with its own memory. */
export type HashJob = { build: number } & (
  | { type: 'init'; memory: WebAssembly.Memory; module: WebAssembly.Module }
  | { type: 'release' }
  | {
      type: 'leaves'
      encodings: number
      stride: number
      offsets: number
      count: number
      out: number
      ascii: number
      addressCount: number
      results: number
      scratch: number
    }
  | { type: 'nodes'; tree: number; from: number; to: number; scratch: number }
)

type Pending = { resolve: () => void; reject: (error: unknown) => void }

class HashWorker {
  private readonly worker: Worker
  private readonly pending = new Map<number, Pending>()
  private nextId = 0
  constructor() {
    this.worker = new Worker(WORKER_SOURCE, { eval: true })
    this.worker.unref()
    this.worker.on('message', (message: { id: number; error?: string }) => {
      const job = this.pending.get(message.id)
      this.pending.delete(message.id)
      if (this.pending.size === 0) this.worker.unref()
      if (message.error) job?.reject(new MerkleWorkerError('Merkle hashing worker failed', message.error))
      else job?.resolve()
    })
    this.worker.on('error', (error) => this.failAll(error))
    this.worker.on('exit', (code) => this.failAll(new Error(`worker exited with code ${code}`)))
  }
  get load(): number {
    return this.pending.size
  }
  run(job: HashJob): Promise<void> {
    const id = this.nextId++
    this.worker.ref()
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject })
      this.worker.postMessage({ ...job, id })
    })
  }
  private failAll(error: unknown) {
    for (const job of this.pending.values()) job.reject(new MerkleWorkerError('Merkle hashing worker died', error))
    this.pending.clear()
    workers = workers.filter((w) => w !== this)
  }
  terminate(): Promise<number> {
    this.worker.ref() // an unref'd worker's exit would not keep the event loop alive to resolve this
    return this.worker.terminate()
  }
}

let workers: HashWorker[] = []

/** The default number of hashing threads: one per available core. */
export function defaultWorkerCount(): number {
  return Math.max(1, availableParallelism())
}

let nextBuild = 0

/** How many hashing threads are already running (starting one costs 50-250 ms on this machine). */
export function runningWorkerCount(): number {
  return workers.length
}

/** `count` workers, each with an instance over `memory` (one build's shared memory) until `release`. */
export async function hashWorkers(
  count: number,
  memory: WebAssembly.Memory,
): Promise<{ build: number; workers: HashWorker[]; release: () => void }> {
  while (workers.length < count) workers.push(new HashWorker())
  const chosen = workers.slice(0, count)
  const build = nextBuild++
  await Promise.all(chosen.map((w) => w.run({ build, type: 'init', memory, module: keccakModule(true) })))
  const release = () => chosen.forEach((w) => void w.run({ build, type: 'release' }).catch(() => {}))
  return { build, workers: chosen, release }
}

/**
 * Stops the pool's threads (tests and CLIs that want a prompt exit). Not awaited on purpose: a
 * terminating unref'd worker does not keep the event loop alive, so awaiting it can strand the caller.
 */
export async function closeHashWorkers(): Promise<void> {
  const closing = workers
  workers = []
  for (const w of closing) void w.terminate().catch(() => {})
}

export type { HashWorker }
