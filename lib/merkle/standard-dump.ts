import { buildTree } from './build-tree'
import { buildTreeParallel, type BuildProgress } from './build-tree-parallel'
import { InvalidTreeDataError, type TreeWarning } from './errors'
import { bytesToHex, tryHexToBytes, type Hex } from './hex'
import type { LeafValue } from './leaf-encoding'
import type { MerkleTree } from './tree'

/** OpenZeppelin's `StandardMerkleTree.dump()` format. */
export type StandardTreeDump = {
  format: 'standard-v1'
  leafEncoding: string[]
  tree: Hex[]
  values: Array<{ value: unknown[]; treeIndex: number }>
}

/** Values as JSON can hold them: bigints as decimal strings, bytes as hex. */
function jsonValue(value: LeafValue): unknown[] {
  return value.map((v) => (typeof v === 'bigint' ? v.toString() : v instanceof Uint8Array ? bytesToHex(v) : v))
}

export function dumpStandardTree(tree: MerkleTree): StandardTreeDump {
  const tree_: Hex[] = []
  for (let i = 0; i < tree.nodes.length; i += 32) tree_.push(bytesToHex(tree.nodes.subarray(i, i + 32)))
  return {
    format: 'standard-v1',
    leafEncoding: [...tree.leafEncoding],
    tree: tree_,
    values: tree.values.map((value, i) => ({ value: jsonValue(value), treeIndex: tree.treeIndexOf[i]! })),
  }
}

/**
 * The dump as JSON text in pieces, byte for byte `JSON.stringify(dump)`, for trees too large for
 * one string (a million leaves is about 250 MB of JSON).
 */
export function* standardDumpChunks(tree: MerkleTree, piece = 16384): Generator<string> {
  yield `{"format":"standard-v1","leafEncoding":${JSON.stringify(tree.leafEncoding)},"tree":[`
  const nodes = Buffer.from(tree.nodes.buffer, tree.nodes.byteOffset, tree.nodes.byteLength)
  const count = nodes.length / 32
  for (let start = 0; start < count; start += piece) {
    const parts: string[] = []
    for (let i = start; i < Math.min(count, start + piece); i++) parts.push(`"0x${nodes.toString('hex', i * 32, i * 32 + 32)}"`)
    yield (start === 0 ? '' : ',') + parts.join(',')
  }
  yield '],"values":['
  for (let start = 0; start < tree.values.length; start += piece) {
    const parts: string[] = []
    for (let i = start; i < Math.min(tree.values.length, start + piece); i++) {
      parts.push(`{"value":${JSON.stringify(jsonValue(tree.values[i]!))},"treeIndex":${tree.treeIndexOf[i]}}`)
    }
    yield (start === 0 ? '' : ',') + parts.join(',')
  }
  yield ']}'
}

export type LoadStandardTreeOptions = {
  onProgress?: (progress: BuildProgress) => void
}

function parseDump(data: unknown): { dump: StandardTreeDump; nodes: Uint8Array; treeIndexOf: number[] } {
  const dump = data as StandardTreeDump
  if (typeof data !== 'object' || data === null) throw new InvalidTreeDataError('not an object')
  if (dump.format !== 'standard-v1') throw new InvalidTreeDataError(`unknown format ${JSON.stringify(dump.format)}`, { format: dump.format })
  if (!Array.isArray(dump.leafEncoding)) throw new InvalidTreeDataError('missing leafEncoding')
  if (!Array.isArray(dump.tree) || !Array.isArray(dump.values)) throw new InvalidTreeDataError('missing tree or values')
  if (dump.tree.length !== 2 * dump.values.length - 1) {
    throw new InvalidTreeDataError(`${dump.values.length} values need ${2 * dump.values.length - 1} nodes, found ${dump.tree.length}`)
  }
  const nodes = new Uint8Array(dump.tree.length * 32)
  dump.tree.forEach((hex, i) => {
    const bytes = typeof hex === 'string' ? tryHexToBytes(hex) : undefined
    if (!bytes || bytes.length !== 32) throw new InvalidTreeDataError(`node ${i} is not 32 bytes of hex`, { node: i })
    nodes.set(bytes, i * 32)
  })
  const treeIndexOf = dump.values.map((entry, i) => {
    if (!entry || !Array.isArray(entry.value) || !Number.isInteger(entry.treeIndex)) {
      throw new InvalidTreeDataError(`value ${i} is not { value: [...], treeIndex }`, { value: i })
    }
    return entry.treeIndex
  })
  return { dump, nodes, treeIndexOf }
}

/** The first node where a rebuilt tree differs from the saved one. */
export function checkRebuilt(rebuilt: MerkleTree, saved: Uint8Array): void {
  const a = Buffer.from(rebuilt.nodes.buffer, rebuilt.nodes.byteOffset, rebuilt.nodes.byteLength)
  const b = Buffer.from(saved.buffer, saved.byteOffset, saved.byteLength)
  if (a.equals(b)) return
  for (let i = 0; i < a.length; i += 32) {
    if (a.compare(b, i, i + 32, i, i + 32) !== 0) {
      throw new InvalidTreeDataError(`node ${i / 32} does not match the values`, {
        node: i / 32,
        saved: bytesToHex(b.subarray(i, i + 32)),
        computed: bytesToHex(a.subarray(i, i + 32)),
      })
    }
  }
}

/** A loaded dump, with what OpenZeppelin tolerates and Arbor reports (a repeated leaf, a bad checksum). */
export type LoadedStandardTree = MerkleTree & { warnings: TreeWarning[] }

const byPosition = (a: TreeWarning, b: TreeWarning) =>
  (a.kind === 'duplicate-leaf' ? a.positions[1] : a.position) - (b.kind === 'duplicate-leaf' ? b.positions[1] : b.position)

/**
 * Loads a `standard-v1` dump (OpenZeppelin's or Arbor's): rebuilds every leaf and node from the
 * values at their saved positions and checks each saved node against it. Loads every dump
 * `StandardMerkleTree.load` accepts, with the same root and proofs: any ABI type it encodes, and
 * what it tolerates (a repeated leaf, a mixed-case address that is not its checksum) comes back
 * in `warnings` instead of failing the whole tree. Throws `InvalidTreeDataError` for a dump whose
 * nodes do not hash from its values, `InvalidLeafValueError` / `LeafEncodingError` for values and
 * types no encoder takes.
 */
export function loadStandardTree(data: unknown): LoadedStandardTree {
  const { dump, nodes, treeIndexOf } = parseDump(data)
  const warnings: TreeWarning[] = []
  const tree = buildTree({ values: dump.values.map((v) => v.value), leafEncoding: dump.leafEncoding, treeIndexOf, warnings })
  checkRebuilt(tree, nodes)
  return { ...tree, warnings: warnings.sort(byPosition) }
}

export async function loadStandardTreeParallel(data: unknown, options: LoadStandardTreeOptions = {}): Promise<LoadedStandardTree> {
  const { dump, nodes, treeIndexOf } = parseDump(data)
  const values = dump.values.map((v) => v.value)
  const warnings: TreeWarning[] = []
  const tree = await buildTreeParallel({ values, leafEncoding: dump.leafEncoding, treeIndexOf, onProgress: options.onProgress, warnings })
  checkRebuilt(tree, nodes)
  return { ...tree, warnings: warnings.sort(byPosition) }
}
