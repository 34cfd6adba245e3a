import { setImmediate as yieldToEventLoop } from 'node:timers/promises'
import {
  CHUNK_BYTES,
  CHUNK_LEAVES,
  encodeChunk,
  leafSlotOffset,
  levelRanges,
  placeLeaves,
  sortByLeafHash,
  throwChecksumErrors,
  throwGenericChecksumErrors,
  TREE_OFFSET,
  treeBytes,
  workOffset,
  type EncodedChunk,
} from './build-core'
import { buildTree, type BuildTreeParameters } from './build-tree'
import { EmptyTreeError, InvalidLeafValueError } from './errors'
import { defaultWorkerCount, hashWorkers, runningWorkerCount, type HashWorker } from './hash-pool'
import { instantiateKeccak, PAGE_SIZE, scratchOffset } from './keccak-wasm'
import { parseLeafEncoding } from './leaf-encoding'
import { createMerkleTree, type MerkleTree } from './tree'

export type BuildProgress = { phase: 'leaves' | 'sort' | 'nodes'; done: number; total: number }

export type BuildTreeParallelParameters = BuildTreeParameters & {
  /** Hashing threads (default: one per core). */
  workers?: number
  /**
   * Below this many values the build runs on the calling thread. Default: 32768 when the worker
   * threads are already running, 262144 when they would have to be started first (starting them
   * costs about as much as hashing 100k leaves on one thread).
   */
  minParallelLeaves?: number
  onProgress?: (progress: BuildProgress) => void
  /**
   * For a static leaf encoding: `into` (n * head size bytes, e.g. `compactTreeBuffer`'s `values`)
   * receives every value's ABI encoding as the leaves are hashed (the bytes a compact tree stores),
   * and `written` is set once all are there, so the compact encoding skips encoding them again.
   * Left unset (not written) when the build runs on the calling thread or the encoding is dynamic.
   */
  encodedValues?: { into: Uint8Array; written: boolean }
}

const WARM_MIN_LEAVES = 32768
const COLD_MIN_LEAVES = 262144

/** Levels smaller than this are hashed on the calling thread: a round trip costs more. */
const MIN_PARALLEL_LEVEL = 16384

/**
 * `buildTree`, with hashing spread over worker threads that share the build's memory. The
 * calling thread ABI-encodes chunks while workers hash earlier ones, and it awaits between
 * chunks and levels, so its event loop keeps running (and `onProgress` reports) during a build.
 */
export async function buildTreeParallel(parameters: BuildTreeParallelParameters): Promise<MerkleTree> {
  const { values, leafEncoding, sortLeaves = true, treeIndexOf: given, onProgress, warnings, encodedValues } = parameters
  const threads = parameters.workers ?? defaultWorkerCount()
  const n = values.length
  const minParallelLeaves = parameters.minParallelLeaves ?? (runningWorkerCount() >= threads ? WARM_MIN_LEAVES : COLD_MIN_LEAVES)
  if (n < minParallelLeaves || threads < 1) {
    const tree = buildTree(parameters)
    onProgress?.({ phase: 'nodes', done: n, total: n })
    return tree
  }
  const layout = parseLeafEncoding(leafEncoding)
  if (n === 0) throw new EmptyTreeError()
  if (layout.generic) throwGenericChecksumErrors(layout, values, warnings)
  const keepEncodings = encodedValues && layout.isStatic && encodedValues.into.length === n * layout.headSize ? encodedValues.into : undefined
  const slotBytes = layout.isStatic ? CHUNK_LEAVES * (layout.headSize + 43 * layout.addressColumns.length) : CHUNK_BYTES
  const slots = 2 * threads + 1
  const work = workOffset(n)
  const pages = Math.ceil((work + slots * slotBytes) / PAGE_SIZE)
  if (pages > 65536) {
    throw new InvalidLeafValueError(n - 1, undefined, undefined, undefined, 'tree too large for one 4 GiB memory')
  }
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true })
  const local = instantiateKeccak(memory, true)
  const mem = Buffer.from(memory.buffer)
  const pool = await hashWorkers(threads, memory)
  const inflight = new Set<Promise<void>>()
  try {
    // 1. leaves: encode here, hash there, a ring of slots in between
    const freeSlots = Array.from({ length: slots }, (_, i) => i)
    let failure: InvalidLeafValueError | undefined
    let hashed = 0
    const leastLoaded = (): [HashWorker, number] => {
      let best = 0
      for (let w = 1; w < pool.workers.length; w++) if (pool.workers[w]!.load < pool.workers[best]!.load) best = w
      return [pool.workers[best]!, best]
    }
    const finished = (chunk: EncodedChunk, slot: number) => {
      if (chunk.addressCount > 0) {
        try {
          throwChecksumErrors(layout, values, chunk, mem, warnings)
        } catch (error) {
          const first = error as InvalidLeafValueError
          if (!failure || first.position < failure.position) failure = first
        }
      }
      freeSlots.push(slot)
      hashed += chunk.count
      onProgress?.({ phase: 'leaves', done: hashed, total: n })
    }
    for (let start = 0; start < n && !failure; ) {
      if (freeSlots.length === 0) {
        await Promise.race(inflight)
        continue
      }
      const slot = freeSlots.pop()!
      const chunk = encodeChunk(layout, values, start, mem, work + slot * slotBytes, slotBytes)
      if (keepEncodings) keepEncodings.set(mem.subarray(chunk.encodings, chunk.encodings + chunk.count * chunk.stride), start * chunk.stride)
      const [worker, w] = leastLoaded()
      const job = worker
        .run({
          build: pool.build,
          type: 'leaves',
          encodings: chunk.encodings,
          stride: chunk.stride,
          offsets: chunk.offsets,
          count: chunk.count,
          out: leafSlotOffset(n, start),
          ascii: chunk.ascii,
          addressCount: chunk.addressCount,
          results: chunk.results,
          scratch: scratchOffset(1 + w),
        })
        .then(() => finished(chunk, slot))
      inflight.add(job)
      void job.finally(() => inflight.delete(job)).catch(() => {})
      start += chunk.count
    }
    await Promise.all(inflight)
    if (failure) throw failure
    if (keepEncodings) encodedValues!.written = true

    // 2. order the leaves (calling thread; about 0.3 s a million)
    onProgress?.({ phase: 'sort', done: 0, total: n })
    await yieldToEventLoop()
    const hashOrder = sortByLeafHash(mem, n, values, warnings)
    const treeIndexOf = placeLeaves(mem, n, hashOrder, sortLeaves, given)
    onProgress?.({ phase: 'sort', done: n, total: n })

    // 3. internal nodes, level by level from the deepest, each large level split across workers
    let done = 0
    for (const [from, to] of levelRanges(n)) {
      const size = to - from
      if (size < MIN_PARALLEL_LEVEL) {
        local.hashNodes(TREE_OFFSET, from, to, scratchOffset(0))
      } else {
        const per = Math.ceil(size / pool.workers.length)
        await Promise.all(
          pool.workers.map((worker, w) =>
            worker.run({
              build: pool.build,
              type: 'nodes',
              tree: TREE_OFFSET,
              from: Math.min(to, from + w * per),
              to: Math.min(to, from + (w + 1) * per),
              scratch: scratchOffset(1 + w),
            }),
          ),
        )
      }
      done += size
      onProgress?.({ phase: 'nodes', done, total: n - 1 })
    }
    const nodes = new Uint8Array(memory.buffer, TREE_OFFSET, treeBytes(n))
    return createMerkleTree([...leafEncoding], values, nodes, treeIndexOf, hashOrder)
  } finally {
    await Promise.allSettled(inflight)
    pool.release()
  }
}
