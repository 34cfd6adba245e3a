import { checksumAddress } from './keccak'
import { decodeLeaf, encodeLeaf, encodedLeafSize, type LeafLayout, type LeafValue } from './leaf-encoding'

/**
 * A value in the one form a dataset hash is taken over: numbers as decimal strings, addresses in
 * EIP-55 case, bytes as lowercase hex, bools as booleans (what `decodeLeaf` writes). Two spellings
 * of the same leaf (`1` and `"1"`, lower- and mixed-case addresses) give the same form.
 * Throws `InvalidLeafValueError` for a value that does not fit the layout.
 */
export function canonicalLeafValue(layout: LeafLayout, value: LeafValue, position = 0, checksum: (lower: string) => string = checksumAddress): unknown[] {
  const out = Buffer.alloc(encodedLeafSize(layout, value, position))
  encodeLeaf(layout, value, position, out, 0, Buffer.alloc(42 * layout.addressColumns.length), 0)
  return decodeLeaf(layout, out, checksum)
}
