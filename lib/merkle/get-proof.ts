import { bytesToHex, type Hex } from './hex'
import type { LeafValue } from './leaf-encoding'
import { nodeAt, resolveValueIndex, type MerkleTree } from './tree'

export type GetProofReturnType = Hex[]

/** The sibling path of one value (or value index), leaf to root, as OpenZeppelin's `getProof`. */
export function getProof(tree: MerkleTree, item: number | LeafValue): GetProofReturnType {
  return proofForTreeIndex(tree, tree.treeIndexOf[resolveValueIndex(tree, item)]!)
}

export function proofForTreeIndex(tree: MerkleTree, treeIndex: number): Hex[] {
  const proof: Hex[] = []
  for (let i = treeIndex; i > 0; i = (i - 1) >> 1) proof.push(bytesToHex(nodeAt(tree, i % 2 === 1 ? i + 1 : i - 1)))
  return proof
}
