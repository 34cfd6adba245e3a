import { StandardMerkleTree } from '@openzeppelin/merkle-tree'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { AddressChecksumError, DuplicateLeafError } from './errors'
import { buildTree } from './build-tree'
import { getProof } from './get-proof'
import { checksumAddress } from './keccak'
import { loadStandardTree, loadStandardTreeParallel } from './standard-dump'
import { decodeCompactTree, encodeCompactTree } from './compact'
import { verifyProof } from './verify-proof'

/** Every dump `StandardMerkleTree.load` accepts loads here, with the same root and proofs. */

const json = <T>(value: T): T => JSON.parse(JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))) as T
const A1 = checksumAddress('0x5b38da6a701c568545dcfcb03fcb875f56beddc4')
const A2 = checksumAddress('0xab8483f64d9c6d1ecf9b849ae677dd3315835cb2')

function expectSameAsOz(oz: { root: string; length: number; getProof: (i: number) => string[] }, loaded: ReturnType<typeof loadStandardTree>) {
  expect(loaded.root).toBe(oz.root)
  for (let i = 0; i < oz.length; i++) expect(getProof(loaded, i), `proof ${i}`).toEqual(oz.getProof(i))
}

describe('loading dumps OpenZeppelin accepts', () => {
  it('a repeated leaf loads, with a warning naming both positions (OpenZeppelin builds and loads it)', () => {
    const oz = StandardMerkleTree.of([[A1, '5'], [A2, '5'], [A1, '5']], ['address', 'uint256'])
    const dump = json(oz.dump())
    expect(() => StandardMerkleTree.load(dump)).not.toThrow()
    const loaded = loadStandardTree(dump)
    expectSameAsOz(oz, loaded)
    expect(loaded.warnings).toEqual([{ kind: 'duplicate-leaf', positions: [0, 2], message: expect.stringContaining('value 2 repeats value 0') }])
  })

  it('an address written with a wrong mixed-case checksum loads, with the same root and a warning', () => {
    const oz = StandardMerkleTree.of([[A1, '5'], [A2, '7']], ['address', 'uint256'])
    const dump = json(oz.dump())
    const wrong = A2.slice(0, 2) + [...A2.slice(2)].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('')
    const entry = dump.values.find((v) => v.value[0] === A2)!
    entry.value[0] = wrong
    expect(StandardMerkleTree.load(dump).root).toBe(oz.root)
    const loaded = loadStandardTree(dump)
    expectSameAsOz(oz, loaded)
    expect(loaded.warnings).toEqual([expect.objectContaining({ kind: 'address-checksum', position: dump.values.indexOf(entry), column: 0, value: wrong })])
  })

  it('columns ["address","uint88","uint88[]","uint128[]"] load (the ABI coder beyond the fast path)', async () => {
    const encoding = ['address', 'uint88', 'uint88[]', 'uint128[]']
    const values = [
      [A1, '100', ['1', '2', '3'], ['340282366920938463463374607431768211455']],
      [A2, 7, [], ['0', '5']],
      [A1.toLowerCase(), '309485009821345068724781055', ['309485009821345068724781055'], []],
    ]
    const oz = StandardMerkleTree.of(values, encoding)
    const loaded = loadStandardTree(json(oz.dump()))
    expectSameAsOz(oz, loaded)
    expect(loaded.warnings).toEqual([])
    expect((await loadStandardTreeParallel(json(oz.dump()), {})).root).toBe(oz.root)
    // the compact format and proof verification take the same leaves
    expect(decodeCompactTree(encodeCompactTree(loaded)).root).toBe(oz.root)
    expect(verifyProof(oz.root, encoding, values[1]!, oz.getProof(1))).toBe(true)
  })

  it('what Arbor builds from a CSV stays strict: a repeated leaf and a bad checksum are refused', () => {
    expect(() => buildTree({ values: [[A1, '5'], [A2, '5'], [A1, '5']], leafEncoding: ['address', 'uint256'] })).toThrow(DuplicateLeafError)
    const wrong = `0x${A2.slice(2, 3).toLowerCase() === A2.slice(2, 3) ? A2.slice(2, 3).toUpperCase() : A2.slice(2, 3).toLowerCase()}${A2.slice(3)}`
    expect(() => buildTree({ values: [[A1, '5'], [wrong, '5']], leafEncoding: ['address', 'uint256'] })).toThrow(AddressChecksumError)
    expect(() => buildTree({ values: [[[A1], '5'], [[wrong], '5']], leafEncoding: ['address[]', 'uint256'] })).toThrow(AddressChecksumError)
  })

  it('a value that does not fit its type names its position and column; a type no encoder knows is refused', () => {
    expect(() => buildTree({ values: [[['1', '-2']]], leafEncoding: ['uint88[]'] })).toThrow(/value 0, column 0 \(uint88\[\]\).*\[1\]: out of range/)
    expect(() => buildTree({ values: [['1']], leafEncoding: ['uint7'] })).toThrow(/Unsupported leaf type "uint7"/)
    expect(() => buildTree({ values: [['1']], leafEncoding: ['widget'] })).toThrow(/Unsupported leaf type "widget"/)
  })
})

// ---------------------------------------------------------------------------------------------
// Property: OpenZeppelin-built dumps of random leaf types load with the same root and proofs.

const hex = (bytes: number) => fc.uint8Array({ minLength: bytes, maxLength: bytes }).map((b) => `0x${Buffer.from(b).toString('hex')}`)
type Column = { type: string; value: fc.Arbitrary<unknown> }
const uint = (bits: number) => fc.bigInt({ min: 0n, max: (1n << BigInt(bits)) - 1n }).map((n) => n.toString())
const int = (bits: number) => fc.bigInt({ min: -(1n << BigInt(bits - 1)), max: (1n << BigInt(bits - 1)) - 1n }).map((n) => n.toString())
const base: Column[] = [
  { type: 'address', value: hex(20).chain((a) => fc.constantFrom(a, checksumAddress(a))) },
  { type: 'bool', value: fc.boolean() },
  { type: 'uint8', value: uint(8) },
  { type: 'uint88', value: uint(88) },
  { type: 'uint256', value: uint(256) },
  { type: 'int24', value: int(24) },
  { type: 'int256', value: int(256) },
  { type: 'bytes4', value: hex(4) },
  { type: 'bytes32', value: hex(32) },
  { type: 'bytes', value: fc.uint8Array({ maxLength: 40 }).map((b) => `0x${Buffer.from(b).toString('hex')}`) },
  { type: 'string', value: fc.string({ maxLength: 30 }) },
]
const columnArb: fc.Arbitrary<Column> = fc.letrec<{ column: Column }>((tie) => ({
  column: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...base),
    tie('column').map((c) => ({ type: `${c.type}[]`, value: fc.array(c.value, { maxLength: 3 }) })),
    fc.tuple(tie('column'), fc.integer({ min: 1, max: 3 })).map(([c, k]) => ({ type: `${c.type}[${k}]`, value: fc.array(c.value, { minLength: k, maxLength: k }) })),
    fc.array(tie('column'), { minLength: 1, maxLength: 3 }).map((cs) => ({ type: `(${cs.map((c) => c.type).join(',')})`, value: fc.tuple(...cs.map((c) => c.value)) })),
  ),
})).column

describe('property: OpenZeppelin dumps of random leaf types', () => {
  it('load with the same root and every proof the same', () => {
    fc.assert(
      fc.property(
        fc.array(columnArb, { minLength: 1, maxLength: 4 }).chain((columns) =>
          fc.record({
            leafEncoding: fc.constant(columns.map((c) => c.type)),
            values: fc.array(fc.tuple(...columns.map((c) => c.value)), { minLength: 1, maxLength: 12 }),
          }),
        ),
        ({ leafEncoding, values }) => {
          const oz = StandardMerkleTree.of(values as unknown[][], leafEncoding)
          const loaded = loadStandardTree(json(oz.dump()))
          expect(loaded.root).toBe(oz.root)
          for (let i = 0; i < oz.length; i++) expect(getProof(loaded, i)).toEqual(oz.getProof(i))
          // a repeated leaf is the only warning such a dump can carry (addresses are lower or EIP-55)
          expect(loaded.warnings.every((w) => w.kind === 'duplicate-leaf')).toBe(true)
        },
      ),
      { numRuns: 100 },
    )
  })
})
