import { SCRATCH_BYTES, scratchOffset } from './keccak-wasm'
import { localKeccak } from './keccak'
import { AddressChecksumError } from './errors'
import { encodeLeaf, encodedLeafSize, parseLeafEncoding, type LeafLayout, type LeafValue } from './leaf-encoding'

/**
 * One OpenZeppelin standard leaf: keccak256(keccak256(abi.encode(value...))).
 * `position` only names the value in errors.
 */
export function standardLeafHash(encoding: LeafLayout | readonly string[], value: LeafValue, position = 0): Uint8Array {
  const layout = Array.isArray(encoding) ? parseLeafEncoding(encoding) : (encoding as LeafLayout)
  const size = encodedLeafSize(layout, value, position)
  const asciiBytes = layout.addressColumns.length * 42
  const at = SCRATCH_BYTES + 32
  const { wasm, bytes } = localKeccak(at + size + asciiBytes + layout.addressColumns.length)
  const mem = bytes()
  mem.fill(0, at, at + size)
  encodeLeaf(layout, value, position, mem, at, mem, at + size)
  if (asciiBytes > 0) {
    const results = at + size + asciiBytes
    wasm.checkAddresses(at + size, layout.addressColumns.length, results, scratchOffset(0))
    layout.addressColumns.forEach((column, a) => {
      if (mem[results + a] !== 0) throw new AddressChecksumError(position, column, value[column])
    })
  }
  wasm.hashLeaves(at, size, 1, SCRATCH_BYTES, scratchOffset(0))
  return Uint8Array.from(mem.subarray(SCRATCH_BYTES, SCRATCH_BYTES + 32))
}
