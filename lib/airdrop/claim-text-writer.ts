import type { Address, Hex } from 'viem'
import { checksumAsciiAt } from '../merkle/keccak'

/**
 * Writes a held tree's claims as text straight from its bytes: the EIP-55 account, the proof's
 * `0x` nodes, the proof route's JSON. Hex digits are written two at a time (one 16-bit store per
 * byte) into one reused buffer, read back as one flat string: no string per node on the JSON path,
 * one slice of a flat string per node otherwise (at 1M leaves, the per-byte loop and the strings
 * per node were half of a lookup's CPU).
 */
export type ClaimTextWriter = {
  /** EIP-55 form of the 20 address bytes at `at`. */
  account: (at: number) => Address
  /** The `0x` siblings from tree node `treeIndex` up to the root (OpenZeppelin's proof). */
  proof: (treeIndex: number) => Hex[]
  /**
   * `JSON.stringify({ index, account, amount, proof })` of a claim, byte for byte, with the amount
   * as a decimal string: `valueAt` is its stored `(index, account, amount)` value, `treeIndex` its leaf.
   */
  json: (index: number, valueAt: number, treeIndex: number) => { account: Address; json: string }
}

const HEX_DIGITS = Uint8Array.from('0123456789abcdef', (c) => c.charCodeAt(0))
/** PAIRS[b]: the two hex digits of byte b as one 16-bit unit, in memory order on any platform. */
const PAIRS = (() => {
  const ascii = new Uint8Array(512)
  for (let b = 0; b < 256; b++) {
    ascii[2 * b] = HEX_DIGITS[b >> 4]!
    ascii[2 * b + 1] = HEX_DIGITS[b & 15]!
  }
  return new Uint16Array(ascii.buffer)
})()
/** `0x` as one 16-bit unit in memory order. */
const ZERO_X = new Uint16Array(Uint8Array.from([48, 120]).buffer)[0]!
/** The longest proof written (a tree of up to 2^64 leaves), with room for the JSON around it. */
const MAX_DEPTH = 64
const QUOTE = 34
const COMMA = 44

export function createClaimTextWriter(bytes: Buffer, nodesAt: number): ClaimTextWriter {
  const src = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length)
  const space = new ArrayBuffer(512 + 69 * MAX_DEPTH)
  const out = Buffer.from(space)
  const out8 = new Uint8Array(space)
  const out16 = new Uint16Array(space)

  /** The 2 * `length` hex digits of `src[from, from + length)` at `p`; returns the position after them. */
  const hexAt = (p: number, from: number, length: number): number => {
    const end = from + length
    if ((p & 1) === 0) {
      for (let q = p >> 1, k = from; k < end; k++) out16[q++] = PAIRS[src[k]!]!
    } else {
      // an odd start: each 16-bit unit holds the low digit of one byte and the high digit of the next
      out8[p] = HEX_DIGITS[src[from]! >> 4]!
      for (let q = (p + 1) >> 1, k = from; k < end - 1; k++) out16[q++] = PAIRS[((src[k]! & 15) << 4) | (src[k + 1]! >> 4)]!
      out8[p + 2 * length - 1] = HEX_DIGITS[src[end - 1]! & 15]!
    }
    return p + 2 * length
  }
  /**
   * The decimal digits of the uint256 word at `from` at `p`; returns the position after them. Up to
   * 2^104 (any real amount) by division in 24-bit limbs with plain numbers, beyond by BigInt.
   */
  const limbs = new Float64Array(5)
  const chunks = new Float64Array(5)
  const decimalAt = (p: number, from: number): number => {
    for (let k = from; k < from + 19; k++) {
      if (src[k] !== 0) return p + out.write(BigInt(`0x${bytes.toString('hex', from, from + 32)}`).toString(), p, 'latin1')
    }
    limbs[0] = src[from + 19]!
    for (let j = 1; j < 5; j++) {
      const at = from + 17 + 3 * j
      limbs[j] = (src[at]! << 16) | (src[at + 1]! << 8) | src[at + 2]!
    }
    // base 10^7 chunks, least significant first: each step divides the 104-bit number by 10^7
    let count = 0
    for (let top = 0; top < 5; ) {
      let rest = 0
      for (let j = top; j < 5; j++) {
        const current = rest * 16777216 + limbs[j]! // < 10^7 * 2^24 < 2^53: exact
        const quotient = Math.floor(current / 10_000_000)
        limbs[j] = quotient
        rest = current - quotient * 10_000_000
      }
      chunks[count++] = rest
      while (top < 5 && limbs[top] === 0) top++
    }
    p += out.write(String(chunks[count - 1]), p, 'latin1')
    for (let c = count - 2; c >= 0; c--) {
      let chunk = chunks[c]!
      for (let d = 6; d >= 0; d--) {
        out8[p + d] = 48 + (chunk % 10)
        chunk = Math.floor(chunk / 10)
      }
      p += 7
    }
    return p
  }
  const siblingAt = (i: number) => nodesAt + 32 * (i % 2 === 1 ? i + 1 : i - 1)

  const account = (at: number): Address => {
    out16[0] = ZERO_X
    hexAt(2, at, 20)
    checksumAsciiAt(out, 2)
    return out.toString('latin1', 0, 42) as Address
  }

  const proof = (treeIndex: number): Hex[] => {
    let q = 0
    for (let i = treeIndex; i > 0; i = (i - 1) >> 1) {
      out16[q] = ZERO_X
      hexAt(2 * q + 2, siblingAt(i), 32)
      q += 33
    }
    const text = out.toString('latin1', 0, 2 * q)
    const nodes: Hex[] = new Array(q / 33)
    for (let k = 0; k < nodes.length; k++) nodes[k] = text.slice(66 * k, 66 * k + 66) as Hex
    return nodes
  }

  const json = (index: number, valueAt: number, treeIndex: number) => {
    let p = out.write(`{"index":${index},"account":"0x`, 0, 'latin1')
    const accountAt = p
    p = hexAt(p, valueAt + 44, 20)
    checksumAsciiAt(out, accountAt)
    const account = out.toString('latin1', accountAt - 2, p) as Address
    p += out.write('","amount":"', p, 'latin1')
    p = decimalAt(p, valueAt + 64)
    p += out.write('","proof":[', p, 'latin1')
    for (let i = treeIndex; i > 0; i = (i - 1) >> 1) {
      if (i !== treeIndex) out8[p++] = COMMA
      out8[p++] = QUOTE
      out8[p++] = 48 // 0
      out8[p++] = 120 // x
      p = hexAt(p, siblingAt(i), 32)
      out8[p++] = QUOTE
    }
    out8[p++] = 93 // ]
    out8[p++] = 125 // }
    return { account, json: out.toString('latin1', 0, p) }
  }

  return { account, proof, json }
}
