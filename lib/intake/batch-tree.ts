import { buildTree } from '../merkle/build-tree'
import { getProof } from '../merkle/get-proof'
import { keccak256 } from '../merkle/keccak'

/** Leaves of a batch tree: each message id as an OpenZeppelin standard `bytes32` leaf. */
export const BATCH_LEAF_ENCODING = ['bytes32'] as const

export type BatchTree = { root: string; proofOf: (id: string) => string[] }

/** The Merkle tree over a batch's message ids (order-independent: leaves are sorted by hash). */
export function buildBatchTree(ids: readonly string[]): BatchTree {
  const tree = buildTree({ values: ids.map((id) => [id]), leafEncoding: BATCH_LEAF_ENCODING })
  const position = new Map(ids.map((id, i) => [id, i]))
  return {
    root: tree.root,
    proofOf: (id) => {
      const index = position.get(id)
      if (index === undefined) throw new Error(`message ${id} is not in this batch`)
      return getProof(tree, index)
    },
  }
}

/** A shard key (proposal or campaign id) as the `batches.shard` integer and advisory-lock key. */
export function shardNumberOf(shardKey: string): number {
  const hash = keccak256(new TextEncoder().encode(shardKey))
  return ((hash[0]! << 24) | (hash[1]! << 16) | (hash[2]! << 8) | hash[3]!) & 0x7fffffff
}
