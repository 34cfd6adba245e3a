import { canonicalLeafValue } from '../merkle/canonical-leaf-value'
import { checksumAddress, checksumAddresses, writeChecksumAddress } from '../merkle/keccak'
import { parseLeafEncoding, type LeafLayout } from '../merkle/leaf-encoding'
import type { StandardTreeDump } from '../merkle/standard-dump'
import type { MerkleTree } from '../merkle/tree'

/** A dataset: an OpenZeppelin `standard-v1` dump (object or JSON text), or a tree Arbor built. */
export type DatasetSource = StandardTreeDump | Pick<MerkleTree, 'leafEncoding' | 'nodes' | 'values' | 'treeIndexOf'> | string

/**
 * The dataset's canonical JSON, in pieces: `JSON.stringify` of
 * `{ format: "standard-v1", leafEncoding, tree, values: [{ value, treeIndex }] }` with keys in that
 * order, no whitespace, nodes as lowercase `0x` hex, and values in canonical form (numbers as
 * decimal strings, addresses EIP-55, bytes lowercase hex). `StandardMerkleTree.load` accepts it.
 * Strings of whole nodes and values (pieces of `piece` of them); `datasetJsonBytes` gives the same as UTF-8 bytes.
 */
export function* datasetJsonChunks(source: DatasetSource, piece = 16384): Generator<string> {
  for (const bytes of datasetJsonBytes(source, piece)) yield bytes.toString('utf8')
}

const HEX = Buffer.from('0123456789abcdef', 'latin1')
const CANONICAL_DECIMAL = /^(?:0|[1-9][0-9]*)$/
const HEX_ADDRESS = /^0x[0-9a-fA-F]{40}$/

/**
 * `datasetJsonChunks` as UTF-8 bytes (what `hashDataset` hashes and an export writes). Tree nodes
 * are written as hex straight from the node bytes; values of the common columns (`address`,
 * `uintN`) are put in canonical form without an ABI round trip, their addresses checksummed in
 * batches; any other value goes through `canonicalLeafValue`. Throws `InvalidLeafValueError` for a
 * value that does not fit the leaf encoding.
 */
export function* datasetJsonBytes(source: DatasetSource, piece = 16384, onEntries?: (count: number) => void): Generator<Buffer> {
  const dump = typeof source === 'string' ? (JSON.parse(source) as StandardTreeDump) : source
  const leafEncoding = [...dump.leafEncoding]
  const layout = parseLeafEncoding(leafEncoding)
  const checksums = new Map<string, string>()
  const checksum = (lower: string) => {
    let out = checksums.get(lower)
    if (out === undefined) {
      out = checksumAddress(lower)
      if (checksums.size < 1_000_000) checksums.set(lower, out)
    }
    return out
  }
  const isTree = 'nodes' in dump
  const valueCount = dump.values.length
  const entry = (i: number): [readonly unknown[], number] =>
    isTree ? [dump.values[i]!, dump.treeIndexOf[i]!] : [(dump as StandardTreeDump).values[i]!.value, (dump as StandardTreeDump).values[i]!.treeIndex]

  yield Buffer.from(`{"format":"standard-v1","leafEncoding":${JSON.stringify(leafEncoding)},"tree":[`, 'utf8')
  if (isTree) {
    const nodes = dump.nodes
    const nodeCount = nodes.length / 32
    // "0x" + 64 hex digits + '"', and a comma before every node but the first
    const out = Buffer.allocUnsafe(piece * 70)
    for (let start = 0; start < nodeCount; start += piece) {
      const end = Math.min(nodeCount, start + piece)
      let p = 0
      for (let i = start; i < end; i++) {
        if (i > 0) out[p++] = 44
        out[p++] = 34
        out[p++] = 48
        out[p++] = 120
        for (let k = 32 * i, last = k + 32; k < last; k++) {
          const byte = nodes[k]!
          out[p++] = HEX[byte >> 4]!
          out[p++] = HEX[byte & 15]!
        }
        out[p++] = 34
      }
      yield Buffer.from(out.subarray(0, p))
      onEntries?.(end - start)
    }
  } else {
    const tree = (dump as StandardTreeDump).tree
    for (let start = 0; start < tree.length; start += piece) {
      const parts: string[] = []
      for (let i = start; i < Math.min(tree.length, start + piece); i++) parts.push(`"${String(tree[i]).toLowerCase()}"`)
      yield Buffer.from((start === 0 ? '' : ',') + parts.join(','), 'utf8')
      onEntries?.(parts.length)
    }
  }
  yield Buffer.from('],"values":[', 'latin1')
  const fast = fastColumns(layout)
  for (let start = 0; start < valueCount; start += piece) {
    const end = Math.min(valueCount, start + piece)
    const bytes = fast && isTree ? fastValueBytes(fast, dump.values, dump.treeIndexOf, start, end) : undefined
    if (bytes) {
      yield bytes
      onEntries?.(end - start)
      continue
    }
    const texts = fast ? fastValueTexts(fast, entry, start, end) : undefined
    const parts: string[] = new Array(end - start)
    for (let i = start; i < end; i++) {
      const [value, treeIndex] = entry(i)
      const text = texts?.[i - start] ?? JSON.stringify(canonicalLeafValue(layout, value, i, checksum))
      parts[i - start] = `{"value":${text},"treeIndex":${treeIndex}}`
    }
    yield Buffer.from((start === 0 ? '' : ',') + parts.join(','), 'utf8')
    onEntries?.(end - start)
  }
  yield Buffer.from(']}', 'latin1')
}

/** Tree nodes plus values of a dataset: what `datasetJsonBytes`'s `onEntries` counts up to. */
export function datasetEntryCount(source: DatasetSource): number {
  if (typeof source === 'string') {
    const dump = JSON.parse(source) as StandardTreeDump
    return dump.tree.length + dump.values.length
  }
  return ('nodes' in source ? source.nodes.length / 32 : source.tree.length) + source.values.length
}

/** Per column: an address, or the most decimal digits a `uintN` always holds; undefined when some column is of another kind. */
type FastColumn = { kind: 'address' } | { kind: 'uint'; bits: number; digits: number }

function fastColumns(layout: LeafLayout): FastColumn[] | undefined {
  if (layout.generic) return undefined
  const columns: FastColumn[] = []
  for (const column of layout.columns) {
    if (column.kind === 'address') columns.push({ kind: 'address' })
    else if (column.kind === 'uint') columns.push({ kind: 'uint', bits: column.bits, digits: Math.floor(column.bits * Math.log10(2)) })
    else return undefined
  }
  return columns
}

/**
 * The canonical JSON of values [start, end) whose columns are all addresses and unsigned
 * integers, where each is already in a form that needs no check beyond its shape: a canonical
 * decimal string short enough to fit, a bigint in range, `0x` + 40 hex digits. Undefined for a
 * value that is not (the caller canonicalizes it the long way, which also rejects bad ones).
 */
function fastValueTexts(columns: FastColumn[], entry: (i: number) => [readonly unknown[], number], start: number, end: number): (string | undefined)[] {
  const texts: (string | undefined)[] = new Array(end - start)
  const addresses: string[] = []
  const cells: (string | undefined)[][] = new Array(end - start)
  for (let i = start; i < end; i++) {
    const [value] = entry(i)
    if (value.length !== columns.length) continue
    const cell: string[] = new Array(columns.length)
    let ok = true
    for (let c = 0; c < columns.length && ok; c++) {
      const column = columns[c]!
      const v = value[c]
      if (column.kind === 'address') {
        ok = typeof v === 'string' && HEX_ADDRESS.test(v)
        if (ok) cell[c] = v as string
      } else if (typeof v === 'string') {
        ok = v.length <= column.digits && CANONICAL_DECIMAL.test(v)
        if (ok) cell[c] = v
      } else if (typeof v === 'bigint') {
        ok = v >= 0n && v < 1n << BigInt(column.bits)
        if (ok) cell[c] = v.toString()
      } else ok = false
    }
    if (ok) cells[i - start] = cell
  }
  for (const cell of cells) if (cell) for (let c = 0; c < columns.length; c++) if (columns[c]!.kind === 'address') addresses.push(cell[c]!)
  const checksummed = checksumAddresses(addresses)
  let a = 0
  for (let k = 0; k < cells.length; k++) {
    const cell = cells[k]
    if (!cell) continue
    let text = '['
    for (let c = 0; c < columns.length; c++) {
      text += `${c === 0 ? '' : ','}"${columns[c]!.kind === 'address' ? checksummed[a++] : cell[c]}"`
    }
    texts[k] = `${text}]`
  }
  return texts
}

const VALUE_OPEN = Buffer.from('{"value":[', 'latin1')
const VALUE_CLOSE = Buffer.from('],"treeIndex":', 'latin1')

/**
 * A tree's values [start, end) as `fastValueTexts` writes them, with the comma before each but
 * the very first value, straight into one buffer: each address checksummed into place, no string a
 * value. Undefined when some value is not strings of the fast form (the caller takes the long way,
 * which also handles bigints and rejects bad values).
 */
function fastValueBytes(columns: FastColumn[], values: readonly (readonly unknown[])[], treeIndexOf: ArrayLike<number>, start: number, end: number): Buffer | undefined {
  // 10 + 14 + 1 bytes around each value, its tree index (at most 10 digits), a comma, and 2 quotes and a comma a column
  let size = 0
  for (let i = start; i < end; i++) {
    const value = values[i]!
    if (value.length !== columns.length) return undefined
    size += 36 + 3 * columns.length
    for (let c = 0; c < columns.length; c++) {
      const column = columns[c]!
      const v = value[c]
      if (typeof v !== 'string') return undefined
      if (column.kind === 'address' ? !HEX_ADDRESS.test(v) : v.length > column.digits || !CANONICAL_DECIMAL.test(v)) return undefined
      size += v.length
    }
  }
  const out = Buffer.allocUnsafe(size)
  let p = 0
  for (let i = start; i < end; i++) {
    const value = values[i]!
    if (i > 0) out[p++] = 44
    p += VALUE_OPEN.copy(out, p)
    for (let c = 0; c < columns.length; c++) {
      const v = value[c] as string
      if (c > 0) out[p++] = 44
      out[p++] = 34
      if (columns[c]!.kind === 'address') writeChecksumAddress(v, out, p)
      else out.write(v, p, v.length, 'latin1')
      p += v.length
      out[p++] = 34
    }
    p += VALUE_CLOSE.copy(out, p)
    let index = treeIndexOf[i]!
    let digits = 1
    for (let t = index; t >= 10; t = Math.floor(t / 10)) digits++
    for (let k = p + digits - 1; k >= p; k--) {
      out[k] = 48 + (index % 10)
      index = Math.floor(index / 10)
    }
    p += digits
    out[p++] = 125
  }
  return out.subarray(0, p)
}
