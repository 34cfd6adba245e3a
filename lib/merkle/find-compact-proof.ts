import { readCompactHeader, readCompactPath, type CompactHeader, type CompactProof, type CompactReader } from './compact'
import { InvalidLeafValueError, InvalidTreeDataError, LeafNotInTreeError } from './errors'
import { bytesToHex } from './hex'
import { checksumAddress } from './keccak'
import { decodeLeaf, encodeLeaf, parseLeafEncoding, type LeafValue } from './leaf-encoding'
import { standardLeafHash } from './standard-leaf-hash'
import { processProof } from './verify-proof'

/**
 * Proofs straight from a compact tree's bytes (a file handle, a Postgres bytea), without loading
 * or rebuilding the tree. Every proof returned is checked against the stored root, so a damaged
 * file gives an `InvalidTreeDataError`, never a wrong proof.
 */

const SCAN_BYTES = 4 * 1024 * 1024

/**
 * The proof of one value. The leaf hash is found by binary search over the leaf nodes, which
 * `sortLeaves` (the default) keeps in descending order: about log2(n) reads of 32 bytes. A tree
 * built without `sortLeaves` falls back to one sequential scan of the leaf nodes.
 */
export async function findCompactProof(read: CompactReader, value: LeafValue): Promise<CompactProof> {
  const header = await readCompactHeader(read)
  const leaf = Buffer.from(standardLeafHash(header.layout, value))
  const treeIndex = (await searchSortedLeaves(read, header, leaf)) ?? (await scanLeaves(read, header, leaf))
  if (treeIndex === undefined) throw new LeafNotInTreeError(value)
  return checked(await readCompactPath(read, header, treeIndex), leaf)
}

async function searchSortedLeaves(read: CompactReader, header: CompactHeader, leaf: Buffer): Promise<number | undefined> {
  let lo = header.n - 1
  let hi = 2 * header.n - 2
  while (lo <= hi) {
    const mid = lo + ((hi - lo) >> 1)
    const cmp = leaf.compare(await read(header.nodesAt + 32 * mid, 32))
    if (cmp === 0) return mid
    // larger hashes sit at smaller tree indices
    if (cmp > 0) hi = mid - 1
    else lo = mid + 1
  }
  return undefined
}

async function scanLeaves(read: CompactReader, header: CompactHeader, leaf: Buffer): Promise<number | undefined> {
  const per = SCAN_BYTES / 32
  for (let first = header.n - 1; first <= 2 * header.n - 2; first += per) {
    const count = Math.min(per, 2 * header.n - 1 - first)
    const nodes = Buffer.from(await read(header.nodesAt + 32 * first, 32 * count))
    for (let k = 0; k < count; k++) if (nodes.compare(leaf, 0, 32, 32 * k, 32 * k + 32) === 0) return first + k
  }
  return undefined
}

function checked(path: CompactProof, leaf: Uint8Array): CompactProof {
  if (path.leaf !== bytesToHex(leaf) || processProof(leaf, path.proof) !== path.root) {
    throw new InvalidTreeDataError(`the stored path of tree index ${path.treeIndex} does not lead to the stored root`, {
      node: path.treeIndex,
    })
  }
  return path
}

/** Value `valueIndex` decoded from the compact bytes (canonical form: decimal strings, EIP-55 addresses). */
export async function readCompactValue(read: CompactReader, valueIndex: number): Promise<unknown[]> {
  const header = await readCompactHeader(read)
  if (!Number.isInteger(valueIndex) || valueIndex < 0 || valueIndex >= header.n) throw new LeafNotInTreeError(valueIndex)
  const { layout, valuesAt, n } = header
  if (layout.isStatic) return decodeLeaf(layout, await read(valuesAt + valueIndex * layout.headSize, layout.headSize), checksumAddress)
  const offsets = Buffer.from(await read(valuesAt + 4 * valueIndex, 8))
  const dataAt = valuesAt + 4 * (n + 1)
  const from = offsets.readUInt32LE(0)
  const to = offsets.readUInt32LE(4)
  if (to < from) throw new InvalidTreeDataError('bad value offsets', { value: valueIndex })
  return decodeLeaf(layout, await read(dataAt + from, to - from), checksumAddress)
}

/**
 * Indices of the values whose `column` equals `key` (addresses in any case, numbers in any
 * notation), by one sequential scan of the stored values: no hashing, no rebuild.
 */
export async function findCompactValueIndices(read: CompactReader, column: number, key: unknown): Promise<number[]> {
  const header = await readCompactHeader(read)
  const { layout, n, valuesAt } = header
  const type = layout.types[column]
  const kind = layout.columns[column]?.kind
  if (type === undefined || layout.generic || kind === 'string' || kind === 'bytes') {
    throw new InvalidLeafValueError(0, column, type, key, 'lookups need a fixed-size column')
  }
  const word = Buffer.alloc(32)
  encodeLeaf(parseLeafEncoding([type]), [key], 0, word, 0, Buffer.alloc(42), 0)
  const out: number[] = []
  if (layout.isStatic) {
    const stride = layout.headSize
    const per = Math.max(1, Math.floor(SCAN_BYTES / stride))
    for (let first = 0; first < n; first += per) {
      const count = Math.min(per, n - first)
      const chunk = Buffer.from(await read(valuesAt + first * stride, count * stride))
      for (let k = 0, at = 32 * column; k < count; k++, at += stride) if (chunk.compare(word, 0, 32, at, at + 32) === 0) out.push(first + k)
    }
    return out
  }
  const offsets = Buffer.from(await read(valuesAt, 4 * (n + 1)))
  const dataAt = valuesAt + 4 * (n + 1)
  const offset = (i: number) => offsets.readUInt32LE(4 * i)
  for (let first = 0; first < n; ) {
    let last = first + 1
    while (last < n && offset(last + 1) - offset(first) <= SCAN_BYTES) last++
    const chunk = Buffer.from(await read(dataAt + offset(first), offset(last) - offset(first)))
    for (let i = first; i < last; i++) {
      const at = offset(i) - offset(first) + 32 * column
      if (chunk.compare(word, 0, 32, at, at + 32) === 0) out.push(i)
    }
    first = last
  }
  return out
}
