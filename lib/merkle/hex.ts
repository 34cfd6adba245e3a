/** Hex and byte helpers for 32-byte nodes; Buffer's codecs are the fast path in Node. */

export type Hex = `0x${string}`

export function bytesToHex(bytes: Uint8Array): Hex {
  return `0x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex')}`
}

/** Hex string (with or without 0x) to bytes, or undefined when it is not even-length hex. */
export function tryHexToBytes(hex: string): Uint8Array | undefined {
  const body = hex.startsWith('0x') || hex.startsWith('0X') ? hex.slice(2) : hex
  if (body.length % 2 !== 0) return undefined
  const out = Buffer.alloc(body.length / 2)
  if (out.write(body, 'hex') !== out.length) return undefined
  return new Uint8Array(out.buffer, out.byteOffset, out.length)
}

/** Lexicographic compare of two 32-byte nodes (OpenZeppelin compares them as uint256). */
export function compareNodes(a: Uint8Array, b: Uint8Array): number {
  return Buffer.compare(a, b)
}
