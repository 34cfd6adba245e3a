import { LeafNotInTreeError } from './errors'
import { bytesToHex, type Hex } from './hex'
import { parseLeafEncoding, type LeafValue } from './leaf-encoding'
import { standardLeafHash } from './standard-leaf-hash'

/**
 * An OpenZeppelin-layout Merkle tree: `nodes` holds the 2n-1 nodes of 32 bytes each, root first,
 * leaves last; node i has children 2i+1 and 2i+2 (OpenZeppelin's `makeMerkleTree`).
 * `values` are kept as given; `treeIndexOf[v]` is where value v's leaf sits, and `hashOrder`
 * lists value indices by ascending leaf hash, so a value is found by binary search.
 */
export type MerkleTree = {
  readonly leafEncoding: readonly string[]
  readonly values: readonly LeafValue[]
  readonly nodes: Uint8Array
  readonly treeIndexOf: Uint32Array
  readonly hashOrder: Uint32Array
  readonly root: Hex
}

export function createMerkleTree(
  leafEncoding: readonly string[],
  values: readonly LeafValue[],
  nodes: Uint8Array,
  treeIndexOf: Uint32Array,
  hashOrder: Uint32Array,
): MerkleTree {
  return { leafEncoding, values, nodes, treeIndexOf, hashOrder, root: bytesToHex(nodes.subarray(0, 32)) }
}

export function nodeAt(tree: MerkleTree, treeIndex: number): Uint8Array {
  return tree.nodes.subarray(treeIndex * 32, treeIndex * 32 + 32)
}

export function nodeCount(tree: MerkleTree): number {
  return tree.nodes.length / 32
}

/** The value index of a leaf hash, or -1. */
export function findLeafHash(tree: MerkleTree, leafHash: Uint8Array): number {
  const nodes = Buffer.from(tree.nodes.buffer, tree.nodes.byteOffset, tree.nodes.byteLength)
  const target = Buffer.from(leafHash.buffer, leafHash.byteOffset, leafHash.byteLength)
  let lo = 0
  let hi = tree.hashOrder.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1
    const valueIndex = tree.hashOrder[mid]!
    const at = tree.treeIndexOf[valueIndex]! * 32
    const cmp = nodes.compare(target, 0, 32, at, at + 32)
    if (cmp === 0) return valueIndex
    if (cmp < 0) lo = mid + 1
    else hi = mid - 1
  }
  return -1
}

/**
 * A value index from either an index (as OpenZeppelin's `getProof(i)`) or a value.
 * Throws `LeafNotInTreeError` when the tree does not hold it.
 */
export function resolveValueIndex(tree: MerkleTree, item: number | LeafValue): number {
  if (typeof item === 'number') {
    if (!Number.isInteger(item) || item < 0 || item >= tree.values.length) throw new LeafNotInTreeError(item)
    return item
  }
  const index = findLeafHash(tree, standardLeafHash(parseLeafEncoding(tree.leafEncoding), item))
  if (index < 0) throw new LeafNotInTreeError(item)
  return index
}
