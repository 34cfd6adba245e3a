/**
 * The sliced compact encoding writes the same bytes as the one-call encoding (the frozen fixtures,
 * and a 200k-leaf allocation tree against the encoder as it was before slicing, kept here), and
 * leaves the event loop free between slices.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { buildTree, buildTreeParallel, compactTreeBuffer, decodeCompactTree, encodeCompactTree, encodeCompactTreeSliced, type MerkleTree } from './index'
import { encodeLeaf, encodedLeafSize, parseLeafEncoding } from './leaf-encoding'

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url))

/** `encodeCompactTree` as it was before it was sliced, verbatim: the reference for the bytes. */
function encodeCompactTreeBefore(tree: MerkleTree): Uint8Array {
  const layout = parseLeafEncoding(tree.leafEncoding)
  const n = tree.values.length
  const encoding = Buffer.from(JSON.stringify(tree.leafEncoding), 'utf8')
  const nodesAt = 24 + Math.ceil(encoding.length / 4) * 4
  const treeIndexAt = nodesAt + tree.nodes.length
  const valuesAt = treeIndexAt + 4 * n
  const sizes = layout.isStatic ? undefined : tree.values.map((v, i) => encodedLeafSize(layout, v, i))
  const dataAt = layout.isStatic ? valuesAt : valuesAt + 4 * (n + 1)
  const dataBytes = sizes ? sizes.reduce((a, b) => a + b, 0) : n * layout.headSize
  const out = Buffer.alloc(dataAt + dataBytes)
  out.write('ARBORMT', 0, 'latin1')
  out[7] = 1
  out.writeUInt32LE(n, 8)
  out.writeUInt32LE(encoding.length, 12)
  out.writeUInt32LE(layout.isStatic ? 1 : 0, 16)
  encoding.copy(out, 24)
  out.set(tree.nodes, nodesAt)
  Buffer.from(tree.treeIndexOf.buffer, tree.treeIndexOf.byteOffset, 4 * n).copy(out, treeIndexAt)
  const ascii = Buffer.alloc(42 * layout.addressColumns.length)
  let cursor = dataAt
  for (let i = 0; i < n; i++) {
    if (sizes) out.writeUInt32LE(cursor - dataAt, valuesAt + 4 * i)
    cursor = encodeLeaf(layout, tree.values[i]!, i, out, cursor, ascii, 0)
  }
  if (sizes) out.writeUInt32LE(cursor - dataAt, valuesAt + 4 * n)
  return new Uint8Array(out.buffer, out.byteOffset, out.length)
}

const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b))

describe('encodeCompactTreeSliced', () => {
  it.each(['allocations-16', 'mixed-7-unsorted'])('writes the frozen %s fixture byte for byte (static and dynamic values)', async (name) => {
    const frozen = fixture(`${name}.compact-v1.bin`)
    const tree = decodeCompactTree(frozen)
    expect(same(await encodeCompactTreeSliced(tree), frozen)).toBe(true)
    // a slice after every step: the smallest slices give the same bytes
    expect(same(await encodeCompactTreeSliced(tree, { sliceMs: 0 }), frozen)).toBe(true)
    expect(same(encodeCompactTree(tree), frozen)).toBe(true)
  })

  it('gives the bytes of the unsliced encoder at 200k leaves, reporting progress, with no event-loop turn over 100 ms', async () => {
    const n = 200_000
    const values = Array.from({ length: n }, (_, i) => [String(i), `0x${(i * 2654435761 + 7).toString(16).padStart(40, '0')}`, `${(i % 977) + 1}000000000000000`])
    const tree = buildTree({ values, leafEncoding: ['uint256', 'address', 'uint256'] })
    const reference = encodeCompactTreeBefore(tree)

    const progress: { done: number; total: number }[] = []
    let longest = 0
    let last = performance.now()
    const ticker = setInterval(() => {
      const now = performance.now()
      longest = Math.max(longest, now - last)
      last = now
    }, 5)
    const sliced = await encodeCompactTreeSliced(tree, { onProgress: (p) => progress.push(p) })
    longest = Math.max(longest, performance.now() - last)
    clearInterval(ticker)

    expect(same(sliced, reference)).toBe(true)
    expect(same(encodeCompactTree(tree), reference)).toBe(true)
    // it did yield (many times), and the timer never waited more than ~100 ms for its turn
    expect(progress.length).toBeGreaterThan(3)
    expect(longest).toBeLessThan(100)
    expect(progress.at(-1)).toEqual({ done: reference.length, total: reference.length })
    for (let k = 1; k < progress.length; k++) expect(progress[k]!.done).toBeGreaterThanOrEqual(progress[k - 1]!.done)
  })

  it('stops between slices when its signal is aborted', async () => {
    const values = Array.from({ length: 50_000 }, (_, i) => [String(i), `0x${(i + 1).toString(16).padStart(40, '0')}`, '1'])
    const tree = buildTree({ values, leafEncoding: ['uint256', 'address', 'uint256'] })
    const abort = new AbortController()
    const encoding = encodeCompactTreeSliced(tree, { sliceMs: 0, onProgress: () => abort.abort(new Error('stop')), signal: abort.signal })
    await expect(encoding).rejects.toThrow('stop')
  })

  it('fills a compact buffer whose values the parallel build wrote with the same bytes, and refuses one that does not fit', async () => {
    const n = 40_000
    const leafEncoding = ['uint256', 'address', 'uint256']
    const values = Array.from({ length: n }, (_, i) => [String(i), `0x${(i * 2654435761 + 7).toString(16).padStart(40, '0')}`, `${(i % 977) * 31}00000000000000000000${i}`])
    const buffer = compactTreeBuffer(leafEncoding, n)!
    const encodedValues = { into: buffer.values, written: false }
    const tree = await buildTreeParallel({ values, leafEncoding, encodedValues, minParallelLeaves: 1, workers: 2 })
    expect(encodedValues.written).toBe(true)
    const reference = encodeCompactTreeBefore(tree)
    expect(same(await encodeCompactTreeSliced(tree, { into: buffer.out, sliceMs: 0 }), reference)).toBe(true)
    // the parallel build on one thread (below its threshold) leaves the buffer unwritten
    const small = { into: compactTreeBuffer(leafEncoding, n)!.values, written: false }
    await buildTreeParallel({ values, leafEncoding, encodedValues: small, minParallelLeaves: n + 1 })
    expect(small.written).toBe(false)
    expect(small.into.every((byte) => byte === 0)).toBe(true)
    await expect(encodeCompactTreeSliced(tree, { into: Buffer.alloc(10) })).rejects.toThrow('does not fit')
    expect(compactTreeBuffer(['string'], n)).toBeUndefined()
  })
})
