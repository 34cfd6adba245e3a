import { levelRanges } from '../merkle/build-core'
import { keccak256, localKeccak } from '../merkle/keccak'
import { SCRATCH_BYTES, scratchOffset } from '../merkle/keccak-wasm'

/** Leaves of a batch tree: each message id as an OpenZeppelin standard `bytes32` leaf. */
export const BATCH_LEAF_ENCODING = ['bytes32'] as const

export type BatchTree = {
  root: string
  /** Every node, 32 bytes each, in heap order (node i's children are 2i+1 and 2i+2): `batches.tree`. */
  nodes: Buffer
  /** The heap index of a message's leaf: `intake_messages.node`. */
  nodeOf: (id: string) => number
  proofOf: (id: string) => string[]
}

/**
 * The Merkle tree over a batch's message ids: OpenZeppelin's `StandardMerkleTree.of(ids.map(id =>
 * [id]), ['bytes32'])`, leaves sorted (so order-independent). Built in the calling thread's keccak
 * memory with one call per level (lib/merkle's builder is made for millions of leaves and costs
 * tens of ms in fixed setup, more than a whole batch here).
 */
export function buildBatchTree(ids: readonly string[]): BatchTree {
  const n = ids.length
  if (n === 0) throw new Error('a batch tree needs at least one id')
  const idsAt = SCRATCH_BYTES
  const leavesAt = idsAt + n * 32
  const treeAt = leavesAt + n * 32
  const { wasm, bytes } = localKeccak(treeAt + (2 * n - 1) * 32)
  const mem = bytes()
  ids.forEach((id, i) => mem.write(id.slice(2), idsAt + i * 32, 'hex'))
  // standard leaf over a bytes32: keccak256(keccak256(abi.encode(id))) = keccak(keccak(id))
  wasm.hashLeaves(idsAt, 32, n, leavesAt, scratchOffset(0))
  // ascending leaf order: equal-length hex compares as the bytes do, and a string sort costs a
  // fraction of n log n Buffer.compare calls
  const leafHex = ids.map((_, i) => mem.toString('hex', leavesAt + i * 32, leavesAt + i * 32 + 32))
  const sorted = ids.map((_, i) => i).sort((a, b) => (leafHex[a]! < leafHex[b]! ? -1 : leafHex[a]! > leafHex[b]! ? 1 : 0))
  const position = new Map<string, number>()
  sorted.forEach((i, rank) => {
    mem.copyWithin(treeAt + (2 * n - 2 - rank) * 32, leavesAt + i * 32, leavesAt + i * 32 + 32)
    position.set(ids[i]!, 2 * n - 2 - rank)
  })
  for (const [from, to] of levelRanges(n)) wasm.hashNodes(treeAt, from, to, scratchOffset(0))
  const nodes = Buffer.from(mem.subarray(treeAt, treeAt + (2 * n - 1) * 32))
  const hexes: string[] = new Array(2 * n - 1)
  const hexAt = (i: number) => (hexes[i] ??= `0x${nodes.toString('hex', i * 32, i * 32 + 32)}`)
  const nodeOf = (id: string) => {
    const node = position.get(id)
    if (node === undefined) throw new Error(`message ${id} is not in this batch`)
    return node
  }
  return { root: hexAt(0), nodes, nodeOf, proofOf: (id) => siblingNodes(nodeOf(id)).map(hexAt) }
}

/**
 * The heap indexes of a node's proof: its sibling, then each ancestor's sibling up to the root's
 * children. (SQL reads the same slices of `batches.tree`: see get-receipt.ts.)
 */
export function siblingNodes(node: number): number[] {
  const siblings: number[] = []
  for (let i = node; i > 0; i = (i - 1) >> 1) siblings.push(i % 2 === 1 ? i + 1 : i - 1)
  return siblings
}

/** A shard key (proposal or campaign id) as the `batches.shard` integer and advisory-lock key. */
export function shardNumberOf(shardKey: string): number {
  const hash = keccak256(new TextEncoder().encode(shardKey))
  return ((hash[0]! << 24) | (hash[1]! << 16) | (hash[2]! << 8) | hash[3]!) & 0x7fffffff
}
