/**
 * Every caller mistake gives a typed `ValidationError` (HTTP 422) that names the bad value and
 * where it is, from the single-thread and the worker build alike.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { httpStatusOf, ValidationError } from '../errors'
import {
  AddressChecksumError,
  buildTree,
  buildTreeParallel,
  checksumAddress,
  closeHashWorkers,
  decodeCompactTree,
  DuplicateLeafError,
  EmptyTreeError,
  encodeCompactTree,
  getMultiProof,
  getProof,
  InvalidLeafValueError,
  InvalidProofError,
  InvalidTreeDataError,
  LeafEncodingError,
  LeafNotInTreeError,
  loadStandardTree,
  dumpStandardTree,
  readCompactProof,
  resolveValueIndex,
  standardLeafHash,
  verifyMultiProof,
  verifyProof,
} from './index'

afterAll(() => closeHashWorkers())

const allocation = ['uint256', 'address', 'uint256']
const addressOf = (i: number) => checksumAddress(`0x${(i * 2654435761 + 1).toString(16).padStart(40, '0')}`)
const allocations = (n: number) => Array.from({ length: n }, (_, i) => [String(i), addressOf(i), `${i + 1}000`])

/** Runs `fn`, expects it to throw an instance of `type`, returns the error. */
function thrown<T extends Error>(type: abstract new (...args: never[]) => T, fn: () => unknown): T {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(type)
    expect(error).toBeInstanceOf(ValidationError)
    expect(httpStatusOf(error)).toBe(422)
    return error as T
  }
  throw new Error(`expected ${type.name}`)
}

async function rejected<T extends Error>(type: abstract new (...args: never[]) => T, promise: Promise<unknown>): Promise<T> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(type)
  expect(httpStatusOf(error)).toBe(422)
  return error as T
}

describe('wrong type or width: InvalidLeafValueError names position, column, type and value', () => {
  const cases: Array<{ name: string; encoding: string[]; bad: unknown[]; column: number; reason: RegExp }> = [
    { name: 'uint8 out of range', encoding: ['address', 'uint8'], bad: [addressOf(1), '256'], column: 1, reason: /out of range for uint8/ },
    { name: 'uint8 given a number out of range', encoding: ['uint8'], bad: [256], column: 0, reason: /out of range for uint8/ },
    { name: 'uint given a negative number', encoding: ['uint64'], bad: [-1], column: 0, reason: /out of range for uint64/ },
    { name: 'negative uint', encoding: ['uint256'], bad: ['-1'], column: 0, reason: /not a valid uint256/ },
    { name: 'uint256 wider than 256 bits', encoding: ['uint256'], bad: [(1n << 256n).toString()], column: 0, reason: /uint256/ },
    { name: 'int8 below its range', encoding: ['int8'], bad: ['-129'], column: 0, reason: /out of range for int8/ },
    { name: 'decimal with a fraction', encoding: ['uint256'], bad: ['1.5'], column: 0, reason: /not a valid uint256/ },
    { name: 'unsafe JS number', encoding: ['uint256'], bad: [2 ** 53], column: 0, reason: /not a valid uint256/ },
    { name: 'short address', encoding: ['address'], bad: ['0x1234'], column: 0, reason: /0x followed by 40 hex digits/ },
    { name: 'address with non-hex digits', encoding: ['address'], bad: [`0x${'g'.repeat(40)}`], column: 0, reason: /40 hex digits/ },
    { name: 'bytes32 of 31 bytes', encoding: ['bytes32'], bad: [`0x${'ab'.repeat(31)}`], column: 0, reason: /exactly 32 bytes/ },
    { name: 'bytes4 of 5 bytes', encoding: ['bool', 'bytes4'], bad: [true, '0x0102030405'], column: 1, reason: /exactly 4 bytes/ },
    { name: 'bool given a number', encoding: ['bool'], bad: [1], column: 0, reason: /not a valid bool/ },
    { name: 'string given a number', encoding: ['string'], bad: [7], column: 0, reason: /not a valid string/ },
    { name: 'bytes of odd-length hex', encoding: ['bytes'], bad: ['0x123'], column: 0, reason: /not a valid bytes/ },
  ]
  const good = (encoding: string[], i: number): unknown[] =>
    encoding.map((type) =>
      type === 'address' ? addressOf(i) : type === 'bool' ? i % 2 === 0 : type.startsWith('bytes') ? (type === 'bytes' ? `0x${i.toString(16).padStart(2, '0')}` : `0x${i.toString(16).padStart(2 * Number(type.slice(5)), '0')}`) : type === 'string' ? `s${i}` : String(i),
    )

  it.each(cases)('$name', ({ encoding, bad, column, reason }) => {
    const values = [good(encoding, 1), good(encoding, 2), bad, good(encoding, 3)]
    const error = thrown(InvalidLeafValueError, () => buildTree({ values, leafEncoding: encoding }))
    expect(error.position).toBe(2)
    expect(error.message).toMatch(reason)
    expect(error.details).toMatchObject({ position: 2, column, type: encoding[column], value: typeof bad[column] === 'bigint' ? String(bad[column]) : bad[column] })
  })

  it('a value with the wrong number of columns', () => {
    const error = thrown(InvalidLeafValueError, () => buildTree({ values: [['1', addressOf(1), '1'], ['2', addressOf(2)]], leafEncoding: allocation }))
    expect(error.position).toBe(1)
    expect(error.details).toMatchObject({ position: 1, value: ['2', addressOf(2)] })
    expect(error.message).toMatch(/expected an array of 3 values/)
  })

  it('an unsupported leaf type: LeafEncodingError names the type and column', () => {
    for (const [encoding, column] of [[['uint256', 'uint7'], 1], [['address', 'bytes33'], 1], [['tuple'], 0], [['uint264'], 0]] as const) {
      const error = thrown(LeafEncodingError, () => buildTree({ values: [['1', '1']], leafEncoding: encoding }))
      expect(error.details).toEqual({ type: encoding[column], column })
    }
  })

  it('the worker build reports the same position, deep inside a large input', async () => {
    const values: unknown[][] = allocations(40_000)
    values[23_456] = ['23456', addressOf(23_456), 'lots']
    const error = await rejected(InvalidLeafValueError, buildTreeParallel({ values, leafEncoding: allocation, minParallelLeaves: 1 }))
    expect(error.position).toBe(23_456)
    expect(error.details).toMatchObject({ column: 2, type: 'uint256', value: 'lots' })
  })
})

describe('address checksum mismatch: AddressChecksumError', () => {
  // EIP-55's own example, and the same address with one letter's case flipped
  const good = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed'
  const flipped = '0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed'

  it('names the position, column and the address as given; all-lower and all-upper case are accepted', () => {
    const values = [['0', addressOf(0), '1'], ['1', good.toLowerCase(), '1'], ['2', `0x${good.slice(2).toUpperCase()}`, '1'], ['3', flipped, '1']]
    const error = thrown(AddressChecksumError, () => buildTree({ values, leafEncoding: allocation }))
    expect(error).toBeInstanceOf(InvalidLeafValueError)
    expect(error.position).toBe(3)
    expect(error.details).toMatchObject({ position: 3, column: 1, type: 'address', value: flipped, reason: 'address checksum mismatch' })
  })

  it('from standardLeafHash, verifyProof and the worker build', async () => {
    expect(thrown(AddressChecksumError, () => standardLeafHash(['address'], [flipped], 9)).details).toMatchObject({ position: 9, column: 0, value: flipped })
    thrown(AddressChecksumError, () => verifyProof(`0x${'00'.repeat(32)}`, ['address'], [flipped], []))
    const values: unknown[][] = allocations(40_000)
    values[31_000] = ['31000', flipped, '1']
    values[39_999] = ['39999', flipped, '2']
    const error = await rejected(AddressChecksumError, buildTreeParallel({ values, leafEncoding: allocation, minParallelLeaves: 1 }))
    expect(error.position).toBe(31_000)
    expect(error.details).toMatchObject({ column: 1, value: flipped })
  })
})

describe('duplicate leaf: DuplicateLeafError', () => {
  it('names both positions and the repeated value', () => {
    const values = allocations(10)
    values.push([...values[3]!])
    const error = thrown(DuplicateLeafError, () => buildTree({ values, leafEncoding: allocation }))
    expect(error.positions).toEqual([3, 10])
    expect(error.details).toEqual({ positions: [3, 10], value: values[10] })
  })

  it('the same value written differently (address case, number notation) is still a duplicate', () => {
    const values = [['1', addressOf(1), '1000'], ['2', addressOf(2), '2000'], ['0x01', addressOf(1).toLowerCase(), 1000n]]
    const error = thrown(DuplicateLeafError, () => buildTree({ values, leafEncoding: allocation }))
    expect(error.positions).toEqual([0, 2])
    expect(error.details).toMatchObject({ value: ['0x01', addressOf(1).toLowerCase(), '1000'] })
  })

  it('from the worker build', async () => {
    const values = allocations(40_000)
    values[33_333] = [...values[7]!]
    const error = await rejected(DuplicateLeafError, buildTreeParallel({ values, leafEncoding: allocation, minParallelLeaves: 1 }))
    expect(error.positions).toEqual([7, 33_333])
  })
})

describe('empty tree: EmptyTreeError', () => {
  it('from every build path', async () => {
    thrown(EmptyTreeError, () => buildTree({ values: [], leafEncoding: allocation }))
    await rejected(EmptyTreeError, buildTreeParallel({ values: [], leafEncoding: allocation }))
    await rejected(EmptyTreeError, buildTreeParallel({ values: [], leafEncoding: allocation, minParallelLeaves: 0 }))
    thrown(InvalidTreeDataError, () => loadStandardTree({ format: 'standard-v1', leafEncoding: allocation, tree: [], values: [] }))
  })
})

describe('a proof for a value not in the tree: LeafNotInTreeError', () => {
  const tree = buildTree({ values: allocations(20), leafEncoding: allocation })

  it('names the value asked for, by value or by index', () => {
    const missing = ['20', addressOf(20), '21000']
    expect(thrown(LeafNotInTreeError, () => getProof(tree, missing)).details).toEqual({ value: missing })
    // a value in the tree with one field changed
    const changed = ['3', addressOf(3), '4001']
    expect(thrown(LeafNotInTreeError, () => getProof(tree, changed)).details).toEqual({ value: changed })
    expect(thrown(LeafNotInTreeError, () => getProof(tree, 20)).details).toEqual({ value: 20 })
    expect(thrown(LeafNotInTreeError, () => getProof(tree, -1)).details).toEqual({ value: -1 })
    expect(thrown(LeafNotInTreeError, () => getProof(tree, 1.5)).details).toEqual({ value: 1.5 })
    expect(thrown(LeafNotInTreeError, () => getMultiProof(tree, [0, missing])).details).toEqual({ value: missing })
    expect(thrown(LeafNotInTreeError, () => resolveValueIndex(tree, ['1', addressOf(1), 2000n + 1n])).details).toEqual({ value: ['1', addressOf(1), '2001'] })
  })

  it('a value of the wrong shape is an InvalidLeafValueError, not a silent miss', () => {
    thrown(InvalidLeafValueError, () => getProof(tree, ['1', 'not an address', '2000']))
  })

  it('the compact reader refuses an index outside the tree', async () => {
    await rejected(InvalidTreeDataError, readCompactProof(encodeCompactTree(tree), 20))
  })
})

describe('malformed proofs and saved trees', () => {
  const values = allocations(8)
  const tree = buildTree({ values, leafEncoding: allocation })

  it('InvalidProofError for a node that is not 32 bytes, a repeated multiproof value, leaves and proof that do not fit', () => {
    thrown(InvalidProofError, () => verifyProof(tree.root, allocation, values[0]!, ['0x1234']))
    thrown(InvalidProofError, () => getMultiProof(tree, [1, values[1]!]))
    const multi = getMultiProof(tree, [0, 1])
    thrown(InvalidProofError, () => verifyMultiProof(tree.root, allocation, { ...multi, proofFlags: [...multi.proofFlags, true] }))
  })

  it('InvalidTreeDataError for a wrong format, a tampered node, a broken placement, or bytes that are not a compact tree', () => {
    const dump = dumpStandardTree(tree)
    expect(thrown(InvalidTreeDataError, () => loadStandardTree({ ...dump, format: 'standard-v2' })).details).toEqual({ format: 'standard-v2' })
    const tampered = { ...dump, tree: dump.tree.map((node, i) => (i === 5 ? `0x${'ff'.repeat(32)}` : node)) }
    expect(thrown(InvalidTreeDataError, () => loadStandardTree(tampered)).details).toMatchObject({ node: 5 })
    const swappedValue = { ...dump, values: dump.values.map((v, i) => (i === 0 ? { ...v, value: values[1]! } : i === 1 ? { ...v, value: values[0]! } : v)) }
    thrown(InvalidTreeDataError, () => loadStandardTree(swappedValue))
    const badPlacement = { ...dump, values: dump.values.map((v, i) => (i === 0 ? { ...v, treeIndex: dump.values[1]!.treeIndex } : v)) }
    expect(thrown(InvalidTreeDataError, () => loadStandardTree(badPlacement)).details).toMatchObject({ value: 1 })
    thrown(InvalidTreeDataError, () => decodeCompactTree(Buffer.from('not a tree at all, just some text')))
    const compact = Buffer.from(encodeCompactTree(tree))
    compact[7] = 2
    expect(thrown(InvalidTreeDataError, () => decodeCompactTree(compact)).details).toEqual({ version: 2 })
    thrown(InvalidTreeDataError, () => decodeCompactTree(encodeCompactTree(tree).subarray(0, 300)))
  })
})
