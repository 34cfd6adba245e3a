import { randomBytes } from 'node:crypto'
import { StandardMerkleTree } from '@openzeppelin/merkle-tree'
import { describe, expect, it } from 'vitest'
import { verifyProof } from '../merkle/verify-proof'
import { buildBatchTree, sortedLeafIndexes } from './batch-tree'

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
    ids.forEach((id, i) => {
      expect(tree.nodeAt(i)).toBe(tree.nodeOf(id))
      expect(tree.proofAt(i)).toEqual(oz.getProof([id]))
      // leaf order: entry k is the id at node 2n - 2 - k
      expect(ids[tree.leafOrder[2 * n - 2 - tree.nodeAt(i)]!]).toBe(id)
    })
  })

  it('sorts leaves by all 32 bytes when their first 4 are equal', () => {
    const values = [
      Buffer.from(`01020304${'ff'.repeat(28)}`, 'hex'),
      Buffer.from(`01020304${'00'.repeat(27)}01`, 'hex'),
      Buffer.from(`00000000${'ff'.repeat(28)}`, 'hex'),
      Buffer.from(`01020304${'00'.repeat(28)}`, 'hex'),
      Buffer.from(`01020304${'00'.repeat(27)}01`, 'hex'),
      Buffer.from(`ffffffff${'00'.repeat(28)}`, 'hex'),
    ]
    const order = Array.from(sortedLeafIndexes(Buffer.concat([Buffer.alloc(8), ...values]), 8, values.length))
    expect(order).toEqual([2, 3, 1, 4, 0, 5])
    const sorted = [...values.keys()].sort((a, b) => Buffer.compare(values[a]!, values[b]!) || a - b)
    expect(order).toEqual(sorted)
  })
})
