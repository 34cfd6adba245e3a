import { levelRanges } from '../merkle/build-core'
import { keccak256, localKeccak } from '../merkle/keccak'
import { SCRATCH_BYTES, scratchOffset } from '../merkle/keccak-wasm'
import { idBytes as idBytesOf } from './sql-columns'

/** Leaves of a batch tree: each message id as an OpenZeppelin standard `bytes32` leaf. */
export const BATCH_LEAF_ENCODING = ['bytes32'] as const

export type BatchTree = {
  root: string
  /** Every node, 32 bytes each, in heap order (node i's children are 2i+1 and 2i+2): `batches.tree`. */
  nodes: Buffer
  /** The heap index of `ids[index]`'s leaf (`intake_messages.node`; a vote_log row's `node` is its first vote's). */
  nodeAt: (index: number) => number
  /** Indexes into `ids` in leaf order: `leafOrder[k]` is the id at node `2 * count - 2 - k` (`batches.messages` order). */
  leafOrder: Int32Array
  /** The heap index of a message's leaf, by id (a Map built on first use; `nodeAt` needs none). Throws if it is not in the batch. */
  nodeOf: (id: string) => number
  /** Sibling path of `ids[index]`'s leaf to the root, 0x-hex (hex built on demand, once per node). */
  proofAt: (index: number) => string[]
  proofOf: (id: string) => string[]
}

/** Leaf order is sorted by (first 4 bytes, input index) packed in one double: exact below 2^21 leaves. */
const INDEX_BITS = 2 ** 21

/**
 * The Merkle tree over a batch's message ids: OpenZeppelin's `StandardMerkleTree.of(ids.map(id =>
 * [id]), ['bytes32'])`, leaves sorted (so order-independent). Built in the calling thread's keccak
 * memory with one call per level (lib/merkle's builder is made for millions of leaves and costs
 * tens of ms in fixed setup, more than a whole batch here). Ids must be distinct 0x-hex bytes32;
 * at most 2^21 of them. `idBytes`: the ids already parsed (32 bytes each, in `ids` order), as the
 * writer has them; else they are parsed here. Costs about 1 µs an id: the leaves sort as numbers
 * (their first 4 bytes, ties by bytes), and per-id lookups are only built when asked for.
 */
export function buildBatchTree(ids: readonly string[], idBytes: Uint8Array = idBytesOf(ids)): BatchTree {
  const n = ids.length
  if (n === 0) throw new Error('a batch tree needs at least one id')
  if (n >= INDEX_BITS) throw new Error(`a batch tree takes fewer than ${INDEX_BITS} ids`)
  if (idBytes.length !== n * 32) throw new Error(`a batch tree's parsed ids must be ${n * 32} bytes, not ${idBytes.length}`)
  const idsAt = SCRATCH_BYTES
  const leavesAt = idsAt + n * 32
  const treeAt = leavesAt + n * 32
  const { wasm, bytes } = localKeccak(treeAt + (2 * n - 1) * 32)
  const mem = bytes()
  mem.set(idBytes, idsAt)
  // standard leaf over a bytes32: keccak256(keccak256(abi.encode(id))) = keccak(keccak(id))
  wasm.hashLeaves(idsAt, 32, n, leavesAt, scratchOffset(0))
  const leafOrder = sortedLeafIndexes(mem, leavesAt, n)
  // leaves fill the last n heap slots, the smallest at the end: rank k sits at node 2n - 2 - k
  const nodeOfIndex = new Int32Array(n)
  for (let k = 0; k < n; k++) {
    const i = leafOrder[k]!
    mem.copyWithin(treeAt + (2 * n - 2 - k) * 32, leavesAt + i * 32, leavesAt + i * 32 + 32)
    nodeOfIndex[i] = 2 * n - 2 - k
  }
  for (const [from, to] of levelRanges(n)) wasm.hashNodes(treeAt, from, to, scratchOffset(0))
  const nodes = Buffer.from(mem.subarray(treeAt, treeAt + (2 * n - 1) * 32))
  // a proof's nodes as 0x-hex, each built once: slices of one hex string of the whole tree (one
  // native call a batch instead of one a node; a receipt's proof is built for each acknowledged message)
  let treeHex: string | undefined
  const hexes: string[] = new Array(2 * n - 1)
  const hexAt = (i: number) => (hexes[i] ??= `0x${(treeHex ??= nodes.toString('hex')).slice(i * 64, i * 64 + 64)}`)
  // a node's proof: its sibling, then each ancestor's sibling up to the root's children (SQL reads
  // the same slices of `batches.tree`: see get-receipt.ts)
  const proofOfNode = (node: number) => {
    const proof = new Array<string>(31 - Math.clz32(node + 1))
    for (let i = node, k = 0; i > 0; i = (i - 1) >> 1) proof[k++] = hexAt(i % 2 === 1 ? i + 1 : i - 1)
    return proof
  }
  let position: Map<string, number> | undefined
  const nodeOf = (id: string) => {
    position ??= new Map(ids.map((one, i) => [one, nodeOfIndex[i]!]))
    const node = position.get(id)
    if (node === undefined) throw new Error(`message ${id} is not in this batch`)
    return node
  }
  return {
    root: hexAt(0),
    nodes,
    nodeAt: (index) => nodeOfIndex[index]!,
    leafOrder,
    nodeOf,
    proofAt: (index) => proofOfNode(nodeOfIndex[index]!),
    proofOf: (id) => proofOfNode(nodeOf(id)),
  }
}

/**
 * The indexes of `n` 32-byte values stored at `at` in `bytes`, in ascending byte order (ties, equal
 * values, by index): a typed-array sort of (first 4 bytes, index) packed in one double, then any
 * run sharing its first 4 bytes ordered by all 32. n must be below 2^21.
 */
export function sortedLeafIndexes(bytes: Buffer, at: number, n: number): Int32Array {
  const head = (k: number) => Math.floor(packed[k]! / INDEX_BITS)
  const packed = new Float64Array(n)
  for (let i = 0; i < n; i++) packed[i] = bytes.readUInt32BE(at + i * 32) * INDEX_BITS + i
  packed.sort()
  const order = new Int32Array(n)
  for (let k = 0; k < n; k++) order[k] = packed[k]! % INDEX_BITS
  for (let k = 0; k < n - 1; k++) {
    if (head(k) !== head(k + 1)) continue
    let end = k + 1
    while (end + 1 < n && head(end + 1) === head(k)) end++
    const run = Array.from(order.subarray(k, end + 1)).sort(
      (a, b) => bytes.compare(bytes, at + b * 32, at + b * 32 + 32, at + a * 32, at + a * 32 + 32) || a - b,
    )
    order.set(run, k)
    k = end
  }
  return order
}

/** A shard key (proposal or campaign id) as the `batches.shard` integer and advisory-lock key. */
export function shardNumberOf(shardKey: string): number {
  const hash = keccak256(new TextEncoder().encode(shardKey))
  return ((hash[0]! << 24) | (hash[1]! << 16) | (hash[2]! << 8) | hash[3]!) & 0x7fffffff
}
