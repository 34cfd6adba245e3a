import {
  CHUNK_BYTES,
  CHUNK_LEAVES,
  encodeChunk,
  levelRanges,
  placeLeaves,
  sortByLeafHash,
  throwChecksumErrors,
  throwGenericChecksumErrors,
  TREE_OFFSET,
  treeBytes,
  workOffset,
  leafSlotOffset,
} from './build-core'
import { EmptyTreeError, type TreeWarning } from './errors'
import { instantiateKeccak, PAGE_SIZE, scratchOffset } from './keccak-wasm'
import { parseLeafEncoding, type LeafValue } from './leaf-encoding'
import { createMerkleTree, type MerkleTree } from './tree'

export type BuildTreeOptions = {
  /** OpenZeppelin's `sortLeaves` (default true): leaves ordered by hash, so multiproofs are smaller. */
  sortLeaves?: boolean
}

export type BuildTreeParameters = {
  values: readonly LeafValue[]
  leafEncoding: readonly string[]
  /** Rebuild a saved tree: each value's tree index as saved, instead of `sortLeaves`' placement. */
  treeIndexOf?: ArrayLike<number>
  /**
   * Lenient (loading someone else's dump): what OpenZeppelin tolerates, a repeated leaf or a
   * mixed-case address that is not its checksum, is pushed here instead of thrown. Unset: strict.
   */
  warnings?: TreeWarning[]
} & BuildTreeOptions

/**
 * Builds OpenZeppelin's `StandardMerkleTree.of(values, leafEncoding)` on the calling thread.
 * Use `buildTreeParallel` for large trees (it spreads hashing over worker threads).
 */
export function buildTree({ values, leafEncoding, sortLeaves = true, treeIndexOf: given, warnings }: BuildTreeParameters): MerkleTree {
  const layout = parseLeafEncoding(leafEncoding)
  const n = values.length
  if (n === 0) throw new EmptyTreeError()
  if (layout.generic) throwGenericChecksumErrors(layout, values, warnings)
  const work = workOffset(n)
  // a fresh memory per build: the tree is returned as a view over it, no copy
  const chunkBytes = layout.isStatic ? Math.min(n, CHUNK_LEAVES) * (layout.headSize + 43 * layout.addressColumns.length) : CHUNK_BYTES
  const memory = new WebAssembly.Memory({ initial: Math.ceil((work + chunkBytes) / PAGE_SIZE) })
  const wasm = instantiateKeccak(memory, false)
  const mem = Buffer.from(memory.buffer)
  const scratch = scratchOffset(0)
  for (let start = 0; start < n; ) {
    const chunk = encodeChunk(layout, values, start, mem, work, chunkBytes)
    const out = leafSlotOffset(n, start)
    if (layout.isStatic) wasm.hashLeaves(chunk.encodings, chunk.stride, chunk.count, out, scratch)
    else wasm.hashLeavesVar(chunk.offsets, chunk.count, out, scratch)
    if (chunk.addressCount > 0) {
      wasm.checkAddresses(chunk.ascii, chunk.addressCount, chunk.results, scratch)
      throwChecksumErrors(layout, values, chunk, mem, warnings)
    }
    start += chunk.count
  }
  const hashOrder = sortByLeafHash(mem, n, values, warnings)
  const treeIndexOf = placeLeaves(mem, n, hashOrder, sortLeaves, given)
  for (const [from, to] of levelRanges(n)) wasm.hashNodes(TREE_OFFSET, from, to, scratch)
  const nodes = new Uint8Array(memory.buffer, TREE_OFFSET, treeBytes(n))
  return createMerkleTree([...leafEncoding], values, nodes, treeIndexOf, hashOrder)
}
