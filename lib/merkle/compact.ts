import { buildTree } from './build-tree'
import { buildTreeParallel, type BuildProgress } from './build-tree-parallel'
import { InvalidTreeDataError } from './errors'
import { bytesToHex, type Hex } from './hex'
import { checksumAddress } from './keccak'
import { decodeLeaf, encodeLeaf, encodedLeafSize, parseLeafEncoding, type LeafLayout } from './leaf-encoding'
import { checkRebuilt } from './standard-dump'
import type { MerkleTree } from './tree'

/**
 * Arbor's compact tree, for a Postgres `bytea` or a file. Little-endian, 4-byte aligned:
 *
 *   0  "ARBORMT" + version byte (1)
 *   8  u32 leaf count n        12  u32 byte length L of the leaf encoding (JSON)
 *  16  u32 flags (bit 0: leaf encoding is static)   20  u32 reserved
 *  24  leaf encoding JSON, zero-padded to a multiple of 4
 *      nodes: (2n-1) * 32 bytes, OpenZeppelin's array layout (root first)
 *      treeIndexOf: n * u32 (value index -> tree index)
 *      values, ABI-encoded: static -> n * 32k bytes; dynamic -> (n+1) * u32 offsets, then data
 *
 * A proof needs the header, one u32 and ceil(log2 n) nodes: `readCompactProof` reads just those.
 */
const MAGIC = 'ARBORMT'
export const COMPACT_VERSION = 1
const HEADER = 24

export type CompactHeader = {
  n: number
  leafEncoding: string[]
  layout: LeafLayout
  nodesAt: number
  treeIndexAt: number
  valuesAt: number
}

export function parseHeader(head: Uint8Array, total: number | undefined): CompactHeader {
  const buf = Buffer.from(head.buffer, head.byteOffset, head.byteLength)
  if (buf.length < HEADER || buf.toString('latin1', 0, 7) !== MAGIC) throw new InvalidTreeDataError('not an Arbor compact tree')
  if (buf[7] !== COMPACT_VERSION) throw new InvalidTreeDataError(`unsupported compact version ${buf[7]}`, { version: buf[7] })
  const n = buf.readUInt32LE(8)
  const length = buf.readUInt32LE(12)
  if (n === 0 || buf.length < HEADER + length) throw new InvalidTreeDataError('truncated header')
  let leafEncoding: string[]
  try {
    leafEncoding = JSON.parse(buf.toString('utf8', HEADER, HEADER + length)) as string[]
  } catch (cause) {
    throw new InvalidTreeDataError('bad leaf encoding', { cause: String(cause) })
  }
  const nodesAt = HEADER + Math.ceil(length / 4) * 4
  const treeIndexAt = nodesAt + (2 * n - 1) * 32
  const valuesAt = treeIndexAt + 4 * n
  if (total !== undefined && total < valuesAt) throw new InvalidTreeDataError('truncated tree')
  return { n, leafEncoding, layout: parseLeafEncoding(leafEncoding), nodesAt, treeIndexAt, valuesAt }
}

export function encodeCompactTree(tree: MerkleTree): Uint8Array {
  const { out, steps } = startCompactEncoding(tree)
  for (let step = steps.next(); !step.done; step = steps.next());
  return new Uint8Array(out.buffer, out.byteOffset, out.length)
}

export type EncodeCompactTreeSlicedOptions = {
  /** Milliseconds of work between two yields to the event loop (default 20). */
  sliceMs?: number
  /** Called after each slice: bytes of the compact tree written of its total. */
  onProgress?: (progress: { done: number; total: number }) => void
  /** Checked between slices: an aborted signal stops the encoding with its reason. */
  signal?: AbortSignal
  /**
   * A `compactTreeBuffer` for this tree whose `values` already hold the values' ABI encoding
   * (`buildTreeParallel`'s `encodedValues`): the rest is written into it, the values are not encoded again.
   */
  into?: Buffer
}

/**
 * For a static leaf encoding: a zeroed buffer the size of the compact tree of `n` values, and
 * `values`, the part of it that holds their ABI encoding (n * head size bytes). Undefined for a
 * dynamic encoding (its size depends on the values).
 */
export function compactTreeBuffer(leafEncoding: readonly string[], n: number): { out: Buffer; values: Buffer } | undefined {
  const layout = parseLeafEncoding([...leafEncoding])
  if (!layout.isStatic || n < 1) return undefined
  const { valuesAt } = compactOffsets(leafEncoding, n)
  const out = Buffer.alloc(valuesAt + n * layout.headSize)
  return { out, values: out.subarray(valuesAt) }
}

function compactOffsets(leafEncoding: readonly string[], n: number): { encoding: Buffer; nodesAt: number; treeIndexAt: number; valuesAt: number } {
  const encoding = Buffer.from(JSON.stringify(leafEncoding), 'utf8')
  const nodesAt = HEADER + Math.ceil(encoding.length / 4) * 4
  const treeIndexAt = nodesAt + (2 * n - 1) * 32
  return { encoding, nodesAt, treeIndexAt, valuesAt: treeIndexAt + 4 * n }
}

/**
 * `encodeCompactTree` (the same bytes) in slices of about `sliceMs`, yielding to the event loop
 * between them: a server keeps answering (progress polls, heartbeats) while a 10M-leaf tree
 * (~1.6 GB, tens of seconds) is encoded.
 */
export async function encodeCompactTreeSliced(tree: MerkleTree, { sliceMs = 20, onProgress, signal, into }: EncodeCompactTreeSlicedOptions = {}): Promise<Uint8Array> {
  const { out, steps } = startCompactEncoding(tree, into)
  let sliceStart = performance.now()
  for (let step = steps.next(); !step.done; step = steps.next()) {
    if (performance.now() - sliceStart < sliceMs) continue
    onProgress?.({ done: step.value, total: out.length })
    await new Promise((resolve) => setImmediate(resolve))
    signal?.throwIfAborted()
    sliceStart = performance.now()
  }
  onProgress?.({ done: out.length, total: out.length })
  return new Uint8Array(out.buffer, out.byteOffset, out.length)
}

/** Values encoded, and node bytes copied, between two chances to yield. */
const STEP_VALUES = 2048
const STEP_BYTES = 4 * 1024 * 1024

/**
 * The compact tree's buffer (zeroed, header written) and a generator that fills the rest a step
 * at a time, yielding how many bytes are written so far (the nodes, the value indices, the values).
 */
function startCompactEncoding(tree: MerkleTree, into?: Buffer): { out: Buffer; steps: Generator<number, void> } {
  const layout = parseLeafEncoding(tree.leafEncoding)
  const n = tree.values.length
  const { encoding, nodesAt, treeIndexAt, valuesAt } = compactOffsets(tree.leafEncoding, n)
  const sizes = layout.isStatic ? undefined : tree.values.map((v, i) => encodedLeafSize(layout, v, i))
  const dataAt = layout.isStatic ? valuesAt : valuesAt + 4 * (n + 1)
  const dataBytes = sizes ? sizes.reduce((a, b) => a + b, 0) : n * layout.headSize
  const valuesWritten = into !== undefined && layout.isStatic && into.length === dataAt + dataBytes
  if (into && !valuesWritten) throw new InvalidTreeDataError('the compact buffer given does not fit this tree')
  // zeroed (the value slots rely on it), and cheap: a large one is fresh zero pages from the system
  const out = into ?? Buffer.alloc(dataAt + dataBytes)
  out.write(MAGIC, 0, 'latin1')
  out[7] = COMPACT_VERSION
  out.writeUInt32LE(n, 8)
  out.writeUInt32LE(encoding.length, 12)
  out.writeUInt32LE(layout.isStatic ? 1 : 0, 16)
  encoding.copy(out, HEADER)
  function* steps(): Generator<number, void> {
    for (let at = 0; at < tree.nodes.length; at += STEP_BYTES) {
      out.set(tree.nodes.subarray(at, at + STEP_BYTES), nodesAt + at)
      yield nodesAt + Math.min(tree.nodes.length, at + STEP_BYTES)
    }
    Buffer.from(tree.treeIndexOf.buffer, tree.treeIndexOf.byteOffset, 4 * n).copy(out, treeIndexAt)
    if (!isLittleEndian()) for (let i = 0; i < n; i++) out.writeUInt32LE(tree.treeIndexOf[i]!, treeIndexAt + 4 * i)
    yield valuesAt
    if (valuesWritten) {
      yield out.length
      return
    }
    const ascii = Buffer.alloc(42 * layout.addressColumns.length)
    let cursor = dataAt
    for (let from = 0; from < n; from += STEP_VALUES) {
      const to = Math.min(n, from + STEP_VALUES)
      for (let i = from; i < to; i++) {
        if (sizes) out.writeUInt32LE(cursor - dataAt, valuesAt + 4 * i)
        cursor = encodeLeaf(layout, tree.values[i]!, i, out, cursor, ascii, 0)
      }
      yield cursor
    }
    if (sizes) out.writeUInt32LE(cursor - dataAt, valuesAt + 4 * n)
  }
  return { out, steps: steps() }
}

function isLittleEndian(): boolean {
  return new Uint8Array(new Uint32Array([1]).buffer)[0] === 1
}

function decodeParts(bytes: Uint8Array) {
  const header = parseHeader(bytes, bytes.length)
  const { n, layout, nodesAt, treeIndexAt, valuesAt } = header
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const nodes = buf.subarray(nodesAt, treeIndexAt)
  const treeIndexOf = new Uint32Array(n)
  for (let i = 0; i < n; i++) treeIndexOf[i] = buf.readUInt32LE(treeIndexAt + 4 * i)
  const values: unknown[][] = new Array(n)
  const checksums = new Map<string, string>()
  const checksum = (lower: string) => {
    let out = checksums.get(lower)
    if (!out) checksums.set(lower, (out = checksumAddress(lower)))
    return out
  }
  if (layout.isStatic) {
    if (buf.length < valuesAt + n * layout.headSize) throw new InvalidTreeDataError('truncated values')
    for (let i = 0; i < n; i++) {
      const at = valuesAt + i * layout.headSize
      values[i] = decodeLeaf(layout, buf.subarray(at, at + layout.headSize), checksum)
    }
  } else {
    const dataAt = valuesAt + 4 * (n + 1)
    for (let i = 0; i < n; i++) {
      const from = dataAt + buf.readUInt32LE(valuesAt + 4 * i)
      const to = dataAt + buf.readUInt32LE(valuesAt + 4 * i + 4)
      if (to < from || to > buf.length) throw new InvalidTreeDataError('bad value offsets', { value: i })
      values[i] = decodeLeaf(layout, buf.subarray(from, to), checksum)
    }
  }
  return { header, nodes, treeIndexOf, values }
}

/**
 * Reads a compact tree back (values in canonical form: decimal strings, checksummed addresses),
 * rebuilding every node from the values and checking it against the saved one.
 */
export function decodeCompactTree(bytes: Uint8Array): MerkleTree {
  const { header, nodes, treeIndexOf, values } = decodeParts(bytes)
  const tree = buildTree({ values, leafEncoding: header.leafEncoding, treeIndexOf })
  checkRebuilt(tree, nodes)
  return tree
}

export async function decodeCompactTreeParallel(
  bytes: Uint8Array,
  options: { onProgress?: (progress: BuildProgress) => void } = {},
): Promise<MerkleTree> {
  const { header, nodes, treeIndexOf, values } = decodeParts(bytes)
  const tree = await buildTreeParallel({ values, leafEncoding: header.leafEncoding, treeIndexOf, onProgress: options.onProgress })
  checkRebuilt(tree, nodes)
  return tree
}

/** Reads `length` bytes at `offset` (a file handle, or `substring()` of a Postgres bytea). */
export type CompactReader = (offset: number, length: number) => Promise<Uint8Array>

export type CompactProof = { root: Hex; leaf: Hex; treeIndex: number; proof: Hex[] }

/** The proof of value `valueIndex`, reading the header, one index and the O(log n) siblings. */
export async function readCompactProofFrom(read: CompactReader, valueIndex: number): Promise<CompactProof> {
  const header = await readCompactHeader(read)
  if (!Number.isInteger(valueIndex) || valueIndex < 0 || valueIndex >= header.n) {
    throw new InvalidTreeDataError(`value index ${valueIndex} is out of range`, { valueIndex, leaves: header.n })
  }
  const treeIndex = Buffer.from(await read(header.treeIndexAt + 4 * valueIndex, 4)).readUInt32LE(0)
  if (treeIndex < header.n - 1 || treeIndex > 2 * header.n - 2) {
    throw new InvalidTreeDataError(`value ${valueIndex} has tree index ${treeIndex}, not a leaf`, { value: valueIndex, treeIndex })
  }
  return readCompactPath(read, header, treeIndex)
}

/** The fixed header and leaf encoding: two small reads. */
export async function readCompactHeader(read: CompactReader): Promise<CompactHeader> {
  const fixed = Buffer.from(await read(0, HEADER))
  const length = fixed.length >= 16 ? fixed.readUInt32LE(12) : 0
  return parseHeader(Buffer.concat([fixed, await read(HEADER, length)]), undefined)
}

/** Root, leaf and sibling path of the leaf at `treeIndex`: ceil(log2 n) + 2 node reads. */
export async function readCompactPath(read: CompactReader, header: CompactHeader, treeIndex: number): Promise<CompactProof> {
  const node = async (i: number) => bytesToHex(await read(header.nodesAt + 32 * i, 32))
  const siblings: number[] = []
  for (let i = treeIndex; i > 0; i = (i - 1) >> 1) siblings.push(i % 2 === 1 ? i + 1 : i - 1)
  const [root, leaf, ...proof] = await Promise.all([node(0), node(treeIndex), ...siblings.map(node)])
  return { root: root!, leaf: leaf!, treeIndex, proof }
}

export function readCompactProof(bytes: Uint8Array, valueIndex: number): Promise<CompactProof> {
  return readCompactProofFrom(async (offset, length) => {
    if (offset + length > bytes.length) throw new InvalidTreeDataError('truncated tree')
    return bytes.subarray(offset, offset + length)
  }, valueIndex)
}
