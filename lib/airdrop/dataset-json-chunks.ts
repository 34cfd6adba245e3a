import { canonicalLeafValue } from '../merkle/canonical-leaf-value'
import { checksumAddress } from '../merkle/keccak'
import { parseLeafEncoding } from '../merkle/leaf-encoding'
import type { StandardTreeDump } from '../merkle/standard-dump'
import type { MerkleTree } from '../merkle/tree'

/** A dataset: an OpenZeppelin `standard-v1` dump (object or JSON text), or a tree Arbor built. */
export type DatasetSource = StandardTreeDump | Pick<MerkleTree, 'leafEncoding' | 'nodes' | 'values' | 'treeIndexOf'> | string

/**
 * The dataset's canonical JSON, in pieces: `JSON.stringify` of
 * `{ format: "standard-v1", leafEncoding, tree, values: [{ value, treeIndex }] }` with keys in that
 * order, no whitespace, nodes as lowercase `0x` hex, and values in canonical form (numbers as
 * decimal strings, addresses EIP-55, bytes lowercase hex). `StandardMerkleTree.load` accepts it.
 */
export function* datasetJsonChunks(source: DatasetSource, piece = 16384): Generator<string> {
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
  const nodeCount = isTree ? dump.nodes.length / 32 : dump.tree.length
  const nodes = isTree ? Buffer.from(dump.nodes.buffer, dump.nodes.byteOffset, dump.nodes.byteLength) : undefined
  const nodeHex = (i: number) => (nodes ? `0x${nodes.toString('hex', 32 * i, 32 * i + 32)}` : String((dump as StandardTreeDump).tree[i]).toLowerCase())
  const valueCount = dump.values.length
  const entry = (i: number): [readonly unknown[], number] =>
    isTree ? [dump.values[i]!, dump.treeIndexOf[i]!] : [(dump as StandardTreeDump).values[i]!.value, (dump as StandardTreeDump).values[i]!.treeIndex]

  yield `{"format":"standard-v1","leafEncoding":${JSON.stringify(leafEncoding)},"tree":[`
  for (let start = 0; start < nodeCount; start += piece) {
    const parts: string[] = []
    for (let i = start; i < Math.min(nodeCount, start + piece); i++) parts.push(`"${nodeHex(i)}"`)
    yield (start === 0 ? '' : ',') + parts.join(',')
  }
  yield '],"values":['
  for (let start = 0; start < valueCount; start += piece) {
    const parts: string[] = []
    for (let i = start; i < Math.min(valueCount, start + piece); i++) {
      const [value, treeIndex] = entry(i)
      parts.push(`{"value":${JSON.stringify(canonicalLeafValue(layout, value, i, checksum))},"treeIndex":${treeIndex}}`)
    }
    yield (start === 0 ? '' : ',') + parts.join(',')
  }
  yield ']}'
}
