import { AddressChecksumError, DuplicateLeafError, InvalidLeafValueError, InvalidTreeDataError, warningOf, type TreeWarning } from './errors'
import { encodeLeaf, encodedLeafSize, findGenericChecksumErrors, type LeafLayout, type LeafValue } from './leaf-encoding'
import { SCRATCH_BYTES } from './keccak-wasm'

/**
 * The steps every build shares, over one WebAssembly memory laid out as
 * [scratch | tree: (2n-1) * 32 bytes | work area for encoded chunks].
 * Leaf hashes are first written in value order into the tree's leaf region, then moved in place
 * to OpenZeppelin's positions, so a build needs the tree, a few chunks and 16 bytes a leaf.
 */

export const TREE_OFFSET = SCRATCH_BYTES
export const treeBytes = (n: number): number => (2 * n - 1) * 32
/** Where value i's leaf hash is written before ordering (leaf region slot i). */
export const leafSlotOffset = (n: number, i: number): number => TREE_OFFSET + (n - 1 + i) * 32
export const workOffset = (n: number): number => TREE_OFFSET + treeBytes(n)

export const CHUNK_LEAVES = 8192
export const CHUNK_BYTES = 4 * 1024 * 1024

/** One encoded chunk inside the memory: what a `hashLeaves`/`checkAddresses` call needs. */
export type EncodedChunk = {
  start: number
  count: number
  /** Static: first encoding and stride. Dynamic: `offsets` points at count+1 u32 absolute offsets. */
  encodings: number
  stride: number
  offsets: number
  ascii: number
  addressCount: number
  results: number
}

/**
 * Encodes values[start..] into `mem` at `at`, within `capacity` bytes and `CHUNK_LEAVES` values.
 * `mem` is a Buffer over the whole memory (absolute offsets).
 */
export function encodeChunk(
  layout: LeafLayout,
  values: readonly LeafValue[],
  start: number,
  mem: Buffer,
  at: number,
  capacity: number,
): EncodedChunk {
  const perLeafAddresses = layout.addressColumns.length
  const remaining = values.length - start
  if (layout.isStatic) {
    const stride = layout.headSize
    const count = Math.min(CHUNK_LEAVES, remaining, Math.floor(capacity / (stride + 43 * perLeafAddresses)))
    const ascii = at + count * stride
    const results = ascii + count * 42 * perLeafAddresses
    mem.fill(0, at, ascii)
    for (let k = 0; k < count; k++) {
      encodeLeaf(layout, values[start + k]!, start + k, mem, at + k * stride, mem, ascii + k * 42 * perLeafAddresses)
    }
    return { start, count, encodings: at, stride, offsets: 0, ascii, addressCount: count * perLeafAddresses, results }
  }
  const maxCount = Math.min(CHUNK_LEAVES, remaining)
  const offsets = at
  const ascii = offsets + (maxCount + 1) * 4
  const results = ascii + maxCount * 42 * perLeafAddresses
  const data = results + maxCount * perLeafAddresses
  const end = at + capacity
  let cursor = data
  let count = 0
  while (count < maxCount) {
    const position = start + count
    const value = values[position]!
    const size = encodedLeafSize(layout, value, position)
    if (cursor + size > end) {
      if (count === 0) throw new InvalidLeafValueError(position, undefined, undefined, value, `encoded leaf is larger than ${capacity} bytes`)
      break
    }
    mem.writeUInt32LE(cursor, offsets + count * 4)
    mem.fill(0, cursor, cursor + size)
    encodeLeaf(layout, value, position, mem, cursor, mem, ascii + count * 42 * perLeafAddresses)
    cursor += size
    count++
  }
  mem.writeUInt32LE(cursor, offsets + count * 4)
  return { start, count, encodings: 0, stride: 0, offsets, ascii, addressCount: count * perLeafAddresses, results }
}

/**
 * After `checkAddresses` ran over a chunk: throws the first checksum error in it, or with
 * `warnings` (a lenient load) records every one there.
 */
export function throwChecksumErrors(layout: LeafLayout, values: readonly LeafValue[], chunk: EncodedChunk, mem: Buffer, warnings?: TreeWarning[]): void {
  const perLeaf = layout.addressColumns.length
  for (let a = 0; a < chunk.addressCount; a++) {
    if (mem[chunk.results + a] === 0) continue
    const position = chunk.start + Math.floor(a / perLeaf)
    const column = layout.addressColumns[a % perLeaf]!
    report(new AddressChecksumError(position, column, values[position]![column]), warnings)
  }
}

/** Generic leaves (viem's coder) have their addresses checked here, the same way. */
export function throwGenericChecksumErrors(layout: LeafLayout, values: readonly LeafValue[], warnings?: TreeWarning[]): void {
  for (const { position, column } of findGenericChecksumErrors(layout, values)) {
    report(new AddressChecksumError(position, column, values[position]![column]), warnings)
  }
}

function report(error: AddressChecksumError | DuplicateLeafError, warnings: TreeWarning[] | undefined): void {
  if (!warnings) throw error
  warnings.push(warningOf(error)!)
}

/**
 * Sorts value indices by leaf hash (read from the leaf region, value order) with one native
 * typed-array sort over 64-bit keys (hash prefix | value index); equal prefixes are settled by a
 * full compare, which is also where duplicate leaves are caught (thrown, or with `warnings`
 * recorded: OpenZeppelin builds and loads trees with repeated leaves).
 */
export function sortByLeafHash(mem: Buffer, n: number, values: readonly LeafValue[], warnings?: TreeWarning[]): Uint32Array {
  const indexBits = n <= 1 ? 1 : 32 - Math.clz32(n - 1)
  const mask = indexBits >= 32 ? 0xffffffff : 2 ** indexBits - 1
  // The keys live in the internal-node region, written only after the sort: 8 bytes a leaf that
  // the tree's own pages will hold anyway, instead of a heap array left for the GC.
  const keys = n >= 2 ? new BigUint64Array(mem.buffer, mem.byteOffset + TREE_OFFSET, n) : new BigUint64Array(n)
  const words = new Uint32Array(keys.buffer, keys.byteOffset, 2 * n)
  const view = new DataView(mem.buffer, mem.byteOffset, mem.byteLength)
  const base = leafSlotOffset(n, 0)
  for (let i = 0; i < n; i++) {
    const at = base + i * 32
    words[2 * i + 1] = view.getUint32(at)
    words[2 * i] = ((view.getUint32(at + 4) & ~mask) | i) >>> 0
  }
  keys.sort()
  const order = new Uint32Array(n)
  for (let r = 0; r < n; r++) order[r] = (words[2 * r]! & mask) >>> 0
  const samePrefix = (r: number) =>
    words[2 * r + 1] === words[2 * r + 3] && (words[2 * r]! & ~mask) === (words[2 * r + 2]! & ~mask)
  const compareLeaves = (a: number, b: number) => mem.compare(mem, base + b * 32, base + b * 32 + 32, base + a * 32, base + a * 32 + 32)
  for (let r = 0; r < n - 1; r++) {
    if (!samePrefix(r)) continue
    let end = r + 1
    while (end < n - 1 && samePrefix(end)) end++
    const run = Array.from(order.subarray(r, end + 1)).sort((a, b) => compareLeaves(a, b) || a - b)
    for (let k = 0; k < run.length; k++) {
      order[r + k] = run[k]!
      if (k > 0 && compareLeaves(run[k - 1]!, run[k]!) === 0) {
        const first = Math.min(run[k - 1]!, run[k]!)
        const second = Math.max(run[k - 1]!, run[k]!)
        report(new DuplicateLeafError(first, second, values[second]), warnings)
      }
    }
    r = end
  }
  return order
}

/**
 * Moves leaf hashes from value order to OpenZeppelin's positions, in place (cycle by cycle), and
 * returns each value's tree index. Sorted: the r-th smallest hash goes to tree index 2n-2-r;
 * unsorted: value i goes to 2n-2-i (OpenZeppelin fills leaves from the end of the array).
 */
export function placeLeaves(
  mem: Buffer,
  n: number,
  order: Uint32Array,
  sortLeaves: boolean,
  given?: ArrayLike<number>,
): Uint32Array {
  const base = leafSlotOffset(n, 0)
  const treeIndexOf = new Uint32Array(n)
  let sourceOf: (slot: number) => number
  if (given) {
    // a saved tree's own placement (standard-v1 `treeIndex`): must be a permutation of the leaves
    const inverse = new Int32Array(n).fill(-1)
    for (let i = 0; i < n; i++) {
      const slot = given[i]! - (n - 1)
      if (!Number.isInteger(slot) || slot < 0 || slot >= n || inverse[slot] !== -1) {
        throw new InvalidTreeDataError('value tree indices are not a permutation of the leaf positions', { value: i, treeIndex: given[i] })
      }
      inverse[slot] = i
      treeIndexOf[i] = given[i]!
    }
    sourceOf = (slot) => inverse[slot]!
  } else if (sortLeaves) {
    for (let r = 0; r < n; r++) treeIndexOf[order[r]!] = 2 * n - 2 - r
    sourceOf = (slot) => order[n - 1 - slot]!
  } else {
    for (let i = 0; i < n; i++) treeIndexOf[i] = 2 * n - 2 - i
    sourceOf = (slot) => n - 1 - slot
  }
  // slot s holds value s's leaf; slot d must receive the leaf of value sourceOf(d)
  const done = new Uint8Array(n)
  const temp = Buffer.alloc(32)
  for (let s0 = 0; s0 < n; s0++) {
    if (done[s0]) continue
    let cur = s0
    let src = sourceOf(cur)
    if (src === cur) {
      done[cur] = 1
      continue
    }
    mem.copy(temp, 0, base + cur * 32, base + cur * 32 + 32)
    while (src !== s0) {
      mem.copyWithin(base + cur * 32, base + src * 32, base + src * 32 + 32)
      done[cur] = 1
      cur = src
      src = sourceOf(cur)
    }
    temp.copy(mem, base + cur * 32)
    done[cur] = 1
  }
  return treeIndexOf
}

/** Internal node ranges [from, to), one per level, deepest level first. */
export function levelRanges(n: number): Array<[number, number]> {
  const internal = n - 1
  const ranges: Array<[number, number]> = []
  for (let from = 0; from < internal; from = 2 * from + 1) ranges.push([from, Math.min(2 * from + 1, internal)])
  return ranges.reverse()
}
