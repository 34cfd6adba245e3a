import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  buildTree,
  checksumAddress,
  decodeCompactTree,
  encodeCompactTree,
  findCompactProof,
  findCompactValueIndices,
  findValueIndices,
  getProof,
  InvalidTreeDataError,
  LeafNotInTreeError,
  readCompactValue,
  type CompactReader,
} from './index'

/** A reader over bytes that counts reads and bytes read. */
function reader(bytes: Uint8Array) {
  const stats = { reads: 0, bytes: 0 }
  const read: CompactReader = async (offset, length) => {
    stats.reads++
    stats.bytes += length
    if (offset + length > bytes.length) throw new InvalidTreeDataError('truncated tree')
    return bytes.subarray(offset, offset + length)
  }
  return { read, stats }
}

const hex = (bytes: number) => fc.uint8Array({ minLength: bytes, maxLength: bytes }).map((b) => `0x${Buffer.from(b).toString('hex')}`)
const address = hex(20).map(checksumAddress)
const encodings: Array<{ leafEncoding: string[]; value: fc.Arbitrary<unknown[]> }> = [
  { leafEncoding: ['uint256', 'address', 'uint256'], value: fc.tuple(fc.nat().map(String), address, fc.bigInt({ min: 0n, max: 1n << 200n }).map(String)) },
  { leafEncoding: ['string', 'address', 'bool'], value: fc.tuple(fc.string({ maxLength: 50 }), address, fc.boolean()) },
]

describe('proofs read straight from compact bytes', () => {
  it('by value and by address equal the loaded tree’s, sorted or not, static or dynamic', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...encodings).chain(({ leafEncoding, value }) =>
          fc.record({
            leafEncoding: fc.constant(leafEncoding),
            values: fc.uniqueArray(value, { minLength: 1, maxLength: 120, selector: (v) => String(v[1]).toLowerCase() }),
            sortLeaves: fc.boolean(),
          }),
        ),
        async ({ leafEncoding, values, sortLeaves }) => {
          const tree = buildTree({ values, leafEncoding, sortLeaves })
          const bytes = encodeCompactTree(tree)
          const loaded = decodeCompactTree(bytes)
          const { read } = reader(bytes)
          for (let i = 0; i < values.length; i++) {
            const found = await findCompactProof(read, values[i]!)
            expect(found.root).toBe(tree.root)
            expect(found.proof).toEqual(getProof(tree, i))
            expect(found.treeIndex).toBe(tree.treeIndexOf[i])
            expect(await readCompactValue(read, i)).toEqual(loaded.values[i])
            const key = String(values[i]![1]).toLowerCase()
            expect(await findCompactValueIndices(read, 1, key)).toEqual(findValueIndices(tree, 1, key))
          }
        },
      ),
      { numRuns: 40 },
    )
  })

  it('a sorted tree’s proof costs O(log n) small reads', async () => {
    const n = 5000
    const values = Array.from({ length: n }, (_, i) => [String(i), checksumAddress(`0x${(i * 7919 + 1).toString(16).padStart(40, '0')}`), '1'])
    const tree = buildTree({ values, leafEncoding: ['uint256', 'address', 'uint256'] })
    const { read, stats } = reader(encodeCompactTree(tree))
    const found = await findCompactProof(read, values[1234]!)
    expect(found.proof).toEqual(getProof(tree, 1234))
    const depth = Math.ceil(Math.log2(n))
    // header (2) + binary search (<= depth + 1) + root, leaf and siblings (depth + 2)
    expect(stats.reads).toBeLessThanOrEqual(2 * depth + 6)
    expect(stats.bytes).toBeLessThan(2000)
  })

  it('a value not in the tree, or a damaged path, is refused', async () => {
    const values = Array.from({ length: 9 }, (_, i) => [String(i), checksumAddress(`0x${(i + 1).toString(16).padStart(40, '0')}`), '5'])
    const tree = buildTree({ values, leafEncoding: ['uint256', 'address', 'uint256'] })
    const bytes = Buffer.from(encodeCompactTree(tree))
    const missing = ['9', checksumAddress(`0x${'a'.repeat(40)}`), '5']
    await expect(findCompactProof(reader(bytes).read, missing)).rejects.toThrow(LeafNotInTreeError)
    expect(await findCompactValueIndices(reader(bytes).read, 1, missing[1])).toEqual([])
    // flip a byte of the root: every path now leads elsewhere
    const nodesAt = 24 + Math.ceil(JSON.stringify(tree.leafEncoding).length / 4) * 4
    bytes[nodesAt]! ^= 1
    await expect(findCompactProof(reader(bytes).read, values[3]!)).rejects.toThrow(InvalidTreeDataError)
  })
})
