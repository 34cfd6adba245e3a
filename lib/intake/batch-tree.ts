import { hashPair, keccak256 } from '../merkle/keccak'

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

const hexAt = (nodes: Uint8Array, i: number) => `0x${Buffer.from(nodes.buffer, nodes.byteOffset + i * 32, 32).toString('hex')}`

/**
 * The Merkle tree over a batch's message ids: OpenZeppelin's `StandardMerkleTree.of(ids.map(id =>
 * [id]), ['bytes32'])`, leaves sorted (so order-independent). Built directly: lib/merkle's builder
 * is made for millions of leaves and costs tens of ms in fixed setup, more than a whole batch here.
 */
export function buildBatchTree(ids: readonly string[]): BatchTree {
  const n = ids.length
  if (n === 0) throw new Error('a batch tree needs at least one id')
  // standard leaf over a bytes32: keccak256(keccak256(abi.encode(id))) = keccak(keccak(id))
  const leaves = ids.map((id) => ({ id, hash: keccak256(keccak256(Buffer.from(id.slice(2), 'hex'))) }))
  leaves.sort((a, b) => Buffer.compare(a.hash, b.hash))
  const nodes = Buffer.allocUnsafe((2 * n - 1) * 32)
  const position = new Map<string, number>()
  leaves.forEach((leaf, i) => {
    nodes.set(leaf.hash, (2 * n - 2 - i) * 32)
    position.set(leaf.id, 2 * n - 2 - i)
  })
  for (let i = n - 2; i >= 0; i--) nodes.set(hashPair(nodeAt(nodes, 2 * i + 1), nodeAt(nodes, 2 * i + 2)), i * 32)
  const nodeOf = (id: string) => {
    const node = position.get(id)
    if (node === undefined) throw new Error(`message ${id} is not in this batch`)
    return node
  }
  return { root: hexAt(nodes, 0), nodes, nodeOf, proofOf: (id) => siblingNodes(nodeOf(id)).map((i) => hexAt(nodes, i)) }
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

function nodeAt(nodes: Buffer, i: number): Uint8Array {
  return nodes.subarray(i * 32, i * 32 + 32)
}

/** A shard key (proposal or campaign id) as the `batches.shard` integer and advisory-lock key. */
export function shardNumberOf(shardKey: string): number {
  const hash = keccak256(new TextEncoder().encode(shardKey))
  return ((hash[0]! << 24) | (hash[1]! << 16) | (hash[2]! << 8) | hash[3]!) & 0x7fffffff
}
