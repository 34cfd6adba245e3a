import { InvalidProofError } from './errors'
import { bytesToHex, type Hex } from './hex'
import type { LeafValue } from './leaf-encoding'
import { nodeAt, resolveValueIndex, type MerkleTree } from './tree'

export type MultiProof = { leaves: LeafValue[]; proof: Hex[]; proofFlags: boolean[] }

/**
 * A multiproof for several values (or value indices), OpenZeppelin's `getMultiProof`: leaves come
 * out in descending tree-index order, which is the order `MerkleProof.multiProofVerify` consumes.
 */
export function getMultiProof(tree: MerkleTree, items: ReadonlyArray<number | LeafValue>): MultiProof {
  const valueIndexOf = new Map<number, number>()
  const indices = items.map((item) => {
    const valueIndex = resolveValueIndex(tree, item)
    const treeIndex = tree.treeIndexOf[valueIndex]!
    valueIndexOf.set(treeIndex, valueIndex)
    return treeIndex
  })
  indices.sort((a, b) => b - a)
  for (let i = 1; i < indices.length; i++) {
    if (indices[i] === indices[i - 1]) throw new InvalidProofError('cannot prove the same value twice')
  }
  // OpenZeppelin's queue walk: take the deepest node, pair it with its sibling if queued next
  const queue = [...indices]
  let head = 0
  const proof: Hex[] = []
  const proofFlags: boolean[] = []
  while (head < queue.length && queue[head]! > 0) {
    const j = queue[head++]!
    const sibling = j % 2 === 1 ? j + 1 : j - 1
    if (head < queue.length && queue[head] === sibling) {
      proofFlags.push(true)
      head++
    } else {
      proofFlags.push(false)
      proof.push(bytesToHex(nodeAt(tree, sibling)))
    }
    queue.push((j - 1) >> 1)
  }
  if (indices.length === 0) proof.push(bytesToHex(nodeAt(tree, 0)))
  return { leaves: indices.map((i) => tree.values[valueIndexOf.get(i)!]!), proof, proofFlags }
}
