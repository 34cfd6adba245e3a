import { randomBytes } from 'node:crypto'
import { StandardMerkleTree } from '@openzeppelin/merkle-tree'
import { describe, expect, it } from 'vitest'
import { verifyProof } from '../merkle/verify-proof'
import { buildBatchTree } from './batch-tree'

describe('buildBatchTree', () => {
  it.each([1, 2, 3, 7, 64, 301])('equals OpenZeppelin StandardMerkleTree over %i bytes32 ids, and its proofs verify', (n) => {
    const ids = Array.from({ length: n }, () => `0x${randomBytes(32).toString('hex')}`)
    const oz = StandardMerkleTree.of(ids.map((id) => [id]), ['bytes32'])
    const tree = buildBatchTree(ids)
    expect(tree.root).toBe(oz.root)
    for (const id of ids.slice(0, 20)) {
      expect(tree.proofOf(id)).toEqual(oz.getProof([id]))
      expect(verifyProof(tree.root, ['bytes32'], [id], tree.proofOf(id))).toBe(true)
    }
    expect(buildBatchTree([...ids].reverse()).root).toBe(tree.root)
  })
})
