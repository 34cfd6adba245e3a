import { StandardMerkleTree } from '@openzeppelin/merkle-tree'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import {
  buildTree,
  buildTreeParallel,
  checksumAddress,
  closeHashWorkers,
  decodeCompactTree,
  dumpStandardTree,
  encodeCompactTree,
  getMultiProof,
  getProof,
  loadStandardTree,
  readCompactProof,
  standardDumpChunks,
  verifyMultiProof,
  verifyProof,
} from './index'

afterAll(() => closeHashWorkers())

const hex = (bytes: number) => fc.uint8Array({ minLength: bytes, maxLength: bytes }).map((b) => `0x${Buffer.from(b).toString('hex')}`)
const address = hex(20).chain((a) => fc.constantFrom(a, checksumAddress(a)))
const uint = (bits: number) => fc.bigInt({ min: 0n, max: (1n << BigInt(bits)) - 1n }).map((n) => n.toString())
const int256 = fc.bigInt({ min: -(1n << 255n), max: (1n << 255n) - 1n }).map((n) => n.toString())

/** An ABI type with a generator of values in the form OZ and Arbor both accept. */
const column = fc.constantFrom<[string, fc.Arbitrary<unknown>]>(
  ['address', address],
  ['uint256', fc.oneof(uint(256), fc.maxSafeNat())],
  ['uint8', fc.oneof(uint(8), fc.integer({ min: 0, max: 255 }))],
  ['uint64', fc.oneof(uint(64), fc.maxSafeNat())],
  ['int256', int256],
  ['bytes32', hex(32)],
  ['bytes4', hex(4)],
  ['bool', fc.boolean()],
  ['string', fc.string({ maxLength: 80 })],
  ['bytes', fc.uint8Array({ maxLength: 70 }).map((b) => `0x${Buffer.from(b).toString('hex')}`)],
)

const treeInput = fc
  .array(column, { minLength: 1, maxLength: 4 })
  .chain((columns) =>
    fc.record({
      leafEncoding: fc.constant(columns.map(([type]) => type)),
      values: fc.uniqueArray(fc.tuple(...columns.map(([, arb]) => arb)), {
        minLength: 1,
        maxLength: 40,
        // a number and its decimal string are the same leaf
        selector: (v) => JSON.stringify(v, (_, x: unknown) => (typeof x === 'number' ? String(x) : x)).toLowerCase(),
      }),
      sortLeaves: fc.boolean(),
    }),
  )

describe('agrees with @openzeppelin/merkle-tree 1.0.8', () => {
  it('roots, proofs, multiproofs and dumps are identical for any input', () => {
    fc.assert(
      fc.property(treeInput, fc.array(fc.nat(), { maxLength: 6 }), ({ leafEncoding, values, sortLeaves }, picks) => {
        const oz = StandardMerkleTree.of(values, leafEncoding, { sortLeaves })
        const ours = buildTree({ values, leafEncoding, sortLeaves })
        expect(ours.root).toBe(oz.root)
        expect(JSON.stringify(dumpStandardTree(ours))).toBe(JSON.stringify(oz.dump()))
        expect([...standardDumpChunks(ours, 3)].join('')).toBe(JSON.stringify(oz.dump()))
        for (let i = 0; i < values.length; i++) {
          expect(getProof(ours, i)).toEqual(oz.getProof(i))
          expect(getProof(ours, values[i]!)).toEqual(oz.getProof(values[i]!))
        }
        const indices = [...new Set(picks.map((p) => p % values.length))]
        const multi = getMultiProof(ours, indices)
        expect(multi).toEqual(oz.getMultiProof(indices))
        expect(verifyMultiProof(ours.root, leafEncoding, multi)).toBe(true)
        expect(StandardMerkleTree.verifyMultiProof(ours.root, leafEncoding, { ...multi, leaves: multi.leaves.map((leaf) => [...leaf]) })).toBe(true)
        const first = values[0]!
        expect(verifyProof(ours.root, leafEncoding, first, oz.getProof(0))).toBe(true)
        // OZ loads our dump; we load OZ's; compact round-trips to the same nodes
        expect(StandardMerkleTree.load(dumpStandardTree(ours) as never).root).toBe(oz.root)
        const loaded = loadStandardTree(JSON.parse(JSON.stringify(oz.dump())))
        expect(Buffer.from(loaded.nodes).equals(Buffer.from(ours.nodes))).toBe(true)
        const compact = decodeCompactTree(encodeCompactTree(ours))
        expect(compact.root).toBe(oz.root)
        expect(Array.from(compact.treeIndexOf)).toEqual(Array.from(ours.treeIndexOf))
      }),
      { numRuns: 150 },
    )
  })

  it('compact proofs read in O(log n) equal full proofs', async () => {
    const values = Array.from({ length: 37 }, (_, i) => [String(i), checksumAddress(`0x${(i + 1).toString(16).padStart(40, '0')}`), `${i}000`])
    const tree = buildTree({ values, leafEncoding: ['uint256', 'address', 'uint256'] })
    const bytes = encodeCompactTree(tree)
    for (let i = 0; i < values.length; i++) {
      const read = await readCompactProof(bytes, i)
      expect(read.proof).toEqual(getProof(tree, i))
      expect(read.root).toBe(tree.root)
    }
  })

  it('the parallel build equals the single-thread build and OpenZeppelin', async () => {
    const n = 40_000
    const values = Array.from({ length: n }, (_, i) => [String(i), `0x${(i * 7919 + 3).toString(16).padStart(40, '0')}`, String(i * 1000 + 7)])
    const progress: string[] = []
    const parallel = await buildTreeParallel({ values, leafEncoding: ['uint256', 'address', 'uint256'], minParallelLeaves: 1, onProgress: (p) => progress.push(p.phase) })
    const single = buildTree({ values, leafEncoding: ['uint256', 'address', 'uint256'] })
    expect(parallel.root).toBe(single.root)
    expect(Buffer.from(parallel.nodes).equals(Buffer.from(single.nodes))).toBe(true)
    expect(new Set(progress)).toEqual(new Set(['leaves', 'sort', 'nodes']))
    const small = values.slice(0, 3000)
    expect(buildTree({ values: small, leafEncoding: ['uint256', 'address', 'uint256'] }).root).toBe(
      StandardMerkleTree.of(small, ['uint256', 'address', 'uint256']).root,
    )
  })
})
