import { buildTree } from '../merkle/build-tree'
import { getProof } from '../merkle/get-proof'

/** Leaves of a checkpoint tree: (batch id, batch root), as `ArborSettlement.verifyCheckpointEntry` hashes them. */
export const CHECKPOINT_LEAF_ENCODING = ['uint256', 'bytes32'] as const

export type CheckpointBatch = { id: number; root: string }

/** The tree a checkpoint posts: one OpenZeppelin standard leaf per batch. */
export function buildCheckpointTree(batches: readonly CheckpointBatch[]): { root: string; proofOf: (batchId: number) => string[] } {
  const tree = buildTree({ values: batches.map((batch) => [BigInt(batch.id), batch.root]), leafEncoding: CHECKPOINT_LEAF_ENCODING })
  const position = new Map(batches.map((batch, i) => [batch.id, i]))
  return {
    root: tree.root,
    proofOf: (batchId) => {
      const index = position.get(batchId)
      if (index === undefined) throw new Error(`batch ${batchId} is not in this checkpoint`)
      return getProof(tree, index)
    },
  }
}
