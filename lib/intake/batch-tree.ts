import { hashPair, keccak256 } from '../merkle/keccak'

/** Leaves of a batch tree: each message id as an OpenZeppelin standard `bytes32` leaf. */
export const BATCH_LEAF_ENCODING = ['bytes32'] as const

export type BatchTree = { root: string; proofOf: (id: string) => string[] }

const hex = (bytes: Uint8Array) => `0x${Buffer.from(bytes.buffer, bytes.byteOffset, 32).toString('hex')}`

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
  const nodes: Uint8Array[] = new Array(2 * n - 1)
  const position = new Map<string, number>()
  leaves.forEach((leaf, i) => {
    nodes[2 * n - 2 - i] = leaf.hash
    position.set(leaf.id, 2 * n - 2 - i)
  })
  for (let i = n - 2; i >= 0; i--) nodes[i] = hashPair(nodes[2 * i + 1]!, nodes[2 * i + 2]!)
  const hexes: string[] = new Array(2 * n - 1)
  const hexAt = (i: number) => (hexes[i] ??= hex(nodes[i]!))
  return {
    root: hexAt(0),
    proofOf(id) {
      let i = position.get(id)
      if (i === undefined) throw new Error(`message ${id} is not in this batch`)
      const proof: string[] = []
      for (; i > 0; i = (i - 1) >> 1) proof.push(hexAt(i % 2 === 1 ? i + 1 : i - 1))
      return proof
    },
  }
}

/** A shard key (proposal or campaign id) as the `batches.shard` integer and advisory-lock key. */
export function shardNumberOf(shardKey: string): number {
  const hash = keccak256(new TextEncoder().encode(shardKey))
  return ((hash[0]! << 24) | (hash[1]! << 16) | (hash[2]! << 8) | hash[3]!) & 0x7fffffff
}
