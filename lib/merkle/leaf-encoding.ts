import type { AbiParameter } from 'viem'
import { AbiValueError, decodeAbiValues, encodeAbiValues, parseAbiType, toAbiValue } from './abi-fallback'
import { InvalidLeafValueError, LeafEncodingError } from './errors'
import { bytesToHex, tryHexToBytes } from './hex'
import { checksumAddress } from './keccak'

/**
 * OpenZeppelin's standard leaf is `keccak256(bytes.concat(keccak256(abi.encode(values...))))`.
 * This file is the `abi.encode` part, written straight into a caller's buffer (no per-leaf
 * allocation on the hot path), plus its inverse for the compact format.
 *
 * Accepted values, stricter than OpenZeppelin's encoder where it would silently pad or truncate:
 * - address: `0x` + 40 hex digits (mixed case must be the EIP-55 checksum; checked in batches by
 *   the caller through `addressAscii`), or 20 bytes;
 * - uintN / intN: bigint, safe integer number, decimal string, or `0x` hex string, in range;
 * - bytesN: `0x` + exactly 2N hex digits, or N bytes; bytes: even-length `0x` hex, or bytes;
 * - bool: true / false or "true" / "false"; string: any string (UTF-8).
 * Any other ABI type OpenZeppelin encodes (arrays, tuples, `uint88[]`) makes the whole leaf
 * "generic": encoded by viem's ABI coder (`abi-fallback.ts`), values taken as OpenZeppelin takes them.
 */

export type LeafValue = readonly unknown[]

export type LeafColumn =
  | { kind: 'address' }
  | { kind: 'uint'; bits: number }
  | { kind: 'int'; bits: number }
  | { kind: 'fixedBytes'; size: number }
  | { kind: 'bool' }
  | { kind: 'string' }
  | { kind: 'bytes' }
  | { kind: 'abi'; parameter: AbiParameter }

export type LeafLayout = {
  types: readonly string[]
  columns: readonly LeafColumn[]
  /** Head size (32 bytes a column); the whole encoding's size when `isStatic`. */
  headSize: number
  isStatic: boolean
  /** Columns of type address, in order: each gets 40 bytes of ASCII for the checksum check. */
  addressColumns: readonly number[]
  /** Some column is not a fast-path type: the whole leaf goes through viem's ABI coder with these parameters. */
  generic?: readonly AbiParameter[]
}

function parseColumn(type: unknown, column: number): LeafColumn {
  if (typeof type !== 'string') throw new LeafEncodingError(type, column)
  if (type === 'address') return { kind: 'address' }
  if (type === 'bool') return { kind: 'bool' }
  if (type === 'string') return { kind: 'string' }
  if (type === 'bytes') return { kind: 'bytes' }
  if (type === 'uint' || type === 'int') return { kind: type, bits: 256 }
  const int = /^(u?int)([1-9][0-9]*)$/.exec(type)
  if (int) {
    const bits = Number(int[2])
    if (bits % 8 !== 0 || bits > 256) throw new LeafEncodingError(type, column)
    return { kind: int[1] === 'uint' ? 'uint' : 'int', bits }
  }
  const fixed = /^bytes([1-9][0-9]?)$/.exec(type)
  if (fixed && Number(fixed[1]) <= 32) return { kind: 'fixedBytes', size: Number(fixed[1]) }
  const parameter = fixed ? undefined : parseAbiType(type)
  if (parameter) return { kind: 'abi', parameter }
  throw new LeafEncodingError(type, column)
}

function abiParameterOf(type: string, column: LeafColumn): AbiParameter {
  if (column.kind === 'abi') return column.parameter
  return { type: type === 'uint' ? 'uint256' : type === 'int' ? 'int256' : type }
}

const layouts = new Map<string, LeafLayout>()

export function parseLeafEncoding(types: readonly string[]): LeafLayout {
  if (!Array.isArray(types) || types.length === 0) throw new LeafEncodingError(types, 0)
  const key = types.join(',')
  const cached = layouts.get(key)
  if (cached) return cached
  const columns = types.map(parseColumn)
  const generic = columns.some((c) => c.kind === 'abi') ? columns.map((c, i) => abiParameterOf(types[i]!, c)) : undefined
  const layout: LeafLayout = {
    types: [...types],
    columns,
    headSize: 32 * columns.length,
    isStatic: !generic && columns.every((c) => c.kind !== 'string' && c.kind !== 'bytes'),
    addressColumns: generic ? [] : columns.flatMap((c, i) => (c.kind === 'address' ? [i] : [])),
    generic,
  }
  layouts.set(key, layout)
  return layout
}

const DECIMAL = /^[0-9]+$/
const SIGNED_DECIMAL = /^-?[0-9]+$/
const HEX_NUMBER = /^0x[0-9a-fA-F]+$/

function toBigInt(value: unknown, signed: boolean): bigint | undefined {
  if (typeof value === 'bigint') return value
  if (typeof value === 'number') return Number.isSafeInteger(value) ? BigInt(value) : undefined
  if (typeof value === 'string') {
    if ((signed ? SIGNED_DECIMAL : DECIMAL).test(value) || HEX_NUMBER.test(value)) return BigInt(value)
  }
  return undefined
}

function writeWord(out: Buffer, offset: number, word: bigint): void {
  // word is in [0, 2^256): hex digits right-aligned in the 32-byte slot
  const hex = word.toString(16)
  const even = hex.length % 2 === 0 ? hex : `0${hex}`
  out.fill(0, offset, offset + 32 - even.length / 2)
  out.write(even, offset + 32 - even.length / 2, 'hex')
}

function dynamicBytes(value: unknown, column: LeafColumn): Uint8Array | string | undefined {
  if (column.kind === 'string') return typeof value === 'string' ? value : undefined
  if (value instanceof Uint8Array) return value
  if (typeof value === 'string' && value.startsWith('0x')) return tryHexToBytes(value)
  return undefined
}

/** The ABI-encoded size of one value (throws like `encodeLeaf` for wrong dynamic values). */
export function encodedLeafSize(layout: LeafLayout, value: LeafValue, position: number): number {
  if (layout.isStatic) return layout.headSize
  if (layout.generic) return encodeGeneric(layout, value, position).length
  checkArity(layout, value, position)
  let size = layout.headSize
  for (let c = 0; c < layout.columns.length; c++) {
    const column = layout.columns[c]!
    if (column.kind !== 'string' && column.kind !== 'bytes') continue
    const data = dynamicBytes(value[c], column)
    if (data === undefined) throw invalid(layout, position, c, value[c])
    const length = typeof data === 'string' ? Buffer.byteLength(data, 'utf8') : data.length
    size += 32 + Math.ceil(length / 32) * 32
  }
  return size
}

function checkArity(layout: LeafLayout, value: LeafValue, position: number): void {
  if (!Array.isArray(value) || value.length !== layout.columns.length) {
    throw new InvalidLeafValueError(
      position,
      undefined,
      undefined,
      value,
      `expected an array of ${layout.columns.length} values (${layout.types.join(', ')})`,
    )
  }
}

function invalid(layout: LeafLayout, position: number, column: number, value: unknown, reason?: string) {
  const type = layout.types[column]!
  return new InvalidLeafValueError(position, column, type, value, reason ?? `not a valid ${type}`)
}

const ZERO_ASCII = `0x${'0'.repeat(40)}`

/**
 * Writes `abi.encode(value...)` at `out[offset..]`, which the caller has zeroed, and returns the
 * end offset. For each address column, its 42 characters go to `ascii` at `asciiOffset`
 * (42 bytes a column) for the batched EIP-55 check.
 */
export function encodeLeaf(
  layout: LeafLayout,
  value: LeafValue,
  position: number,
  out: Buffer,
  offset: number,
  ascii: Buffer,
  asciiOffset: number,
): number {
  if (layout.generic) {
    const bytes = encodeGeneric(layout, value, position)
    out.set(bytes, offset)
    return offset + bytes.length
  }
  checkArity(layout, value, position)
  const columns = layout.columns
  let tail = offset + layout.headSize
  for (let c = 0; c < columns.length; c++) {
    const column = columns[c]!
    const v = value[c]
    const at = offset + 32 * c
    switch (column.kind) {
      case 'address': {
        // the 42 characters go to the checksum batch; the 20 bytes are decoded from that copy
        if (typeof v === 'string' && v.length === 42) {
          ascii.write(v, asciiOffset, 42, 'latin1')
          if (!decodeAddressAscii(ascii, asciiOffset, out, at + 12)) {
            throw invalid(layout, position, c, v, 'address must be 0x followed by 40 hex digits')
          }
        } else if (v instanceof Uint8Array && v.length === 20) {
          out.set(v, at + 12)
          ascii.write(ZERO_ASCII, asciiOffset, 42, 'latin1')
        } else {
          throw invalid(layout, position, c, v, 'address must be 0x followed by 40 hex digits')
        }
        asciiOffset += 42
        break
      }
      case 'uint': {
        if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 && (column.bits >= 53 || v < 2 ** column.bits)) {
          // the slot is zeroed: only the low 8 bytes carry a safe integer
          out.writeUInt32BE(Math.floor(v / 4294967296), at + 24)
          out.writeUInt32BE(v >>> 0, at + 28)
          break
        }
        if (typeof v === 'string' && v.length > 0 && v.length <= 78 && writeDecimal(v, out, at)) {
          if (column.bits < 256 && !fitsUnsigned(out, at, column.bits)) {
            throw invalid(layout, position, c, v, `out of range for ${layout.types[c]}`)
          }
          break
        }
        const n = toBigInt(v, false)
        if (n === undefined) throw invalid(layout, position, c, v)
        if (n < 0n || n >> BigInt(column.bits) !== 0n) throw invalid(layout, position, c, v, `out of range for ${layout.types[c]}`)
        writeWord(out, at, n)
        break
      }
      case 'int': {
        const n = toBigInt(v, true)
        if (n === undefined) throw invalid(layout, position, c, v)
        const limit = 1n << BigInt(column.bits - 1)
        if (n < -limit || n >= limit) throw invalid(layout, position, c, v, `out of range for ${layout.types[c]}`)
        writeWord(out, at, BigInt.asUintN(256, n))
        break
      }
      case 'bool': {
        if (v === true || v === 'true') out[at + 31] = 1
        else if (v !== false && v !== 'false') throw invalid(layout, position, c, v)
        break
      }
      case 'fixedBytes': {
        const bytes = typeof v === 'string' && v.startsWith('0x') ? tryHexToBytes(v) : v instanceof Uint8Array ? v : undefined
        if (!bytes || bytes.length !== column.size) {
          throw invalid(layout, position, c, v, `expected exactly ${column.size} bytes as 0x hex`)
        }
        out.set(bytes, at)
        break
      }
      case 'abi':
        throw new LeafEncodingError(layout.types[c], c) // generic layouts are encoded above
      case 'string':
      case 'bytes': {
        const data = dynamicBytes(v, column)
        if (data === undefined) throw invalid(layout, position, c, v)
        writeWord(out, at, BigInt(tail - offset))
        const length = typeof data === 'string' ? out.write(data, tail + 32, 'utf8') : (out.set(data, tail + 32), data.length)
        writeWord(out, tail, BigInt(length))
        tail += 32 + Math.ceil(length / 32) * 32
        break
      }
    }
  }
  return tail
}

const HEX_VALUE = new Uint8Array(256).fill(255)
for (let i = 0; i < 16; i++) {
  HEX_VALUE['0123456789abcdef'.charCodeAt(i)] = i
  HEX_VALUE['0123456789ABCDEF'.charCodeAt(i)] = i
}

/** `0x` + 40 hex digits at ascii[from..] to 20 bytes at out[to..]; false when not hex. */
function decodeAddressAscii(ascii: Buffer, from: number, out: Buffer, to: number): boolean {
  if (ascii[from] !== 48 || (ascii[from + 1]! | 32) !== 120) return false
  let bad = 0
  for (let i = 0; i < 20; i++) {
    const hi = HEX_VALUE[ascii[from + 2 + 2 * i]!]!
    const lo = HEX_VALUE[ascii[from + 3 + 2 * i]!]!
    bad |= hi | lo
    out[to + i] = (hi << 4) | lo
  }
  return bad < 16
}

const LIMB = 2 ** 24
const INV_LIMB = 2 ** -24
const LIMBS = 11 // 264 bits
const LIMB_SCRATCH = new Float64Array(LIMBS)

/**
 * A decimal string to a 32-byte big-endian word at out[at..], with 24-bit limbs multiplied by up
 * to 10^7 a step (exact in doubles). False when not all digits or wider than 256 bits.
 */
function writeDecimal(text: string, out: Buffer, at: number): boolean {
  if (text.length <= 15) {
    for (let i = 0; i < text.length; i++) {
      const d = text.charCodeAt(i) - 48
      if (d < 0 || d > 9) return false
    }
    const n = Number(text)
    out.writeUInt32BE(Math.floor(n / 4294967296), at + 24)
    out.writeUInt32BE(n >>> 0, at + 28)
    return true
  }
  const limbs = LIMB_SCRATCH
  limbs[0] = 0
  let used = 1
  for (let i = 0; i < text.length; ) {
    const step = Math.min(7, text.length - i)
    let chunk = 0
    for (let k = 0; k < step; k++, i++) {
      const d = text.charCodeAt(i) - 48
      if (d < 0 || d > 9) return false
      chunk = chunk * 10 + d
    }
    const factor = 10 ** step
    let carry = chunk
    for (let l = 0; l < used; l++) {
      const x = limbs[l]! * factor + carry
      carry = Math.floor(x * INV_LIMB)
      limbs[l] = x - carry * LIMB
    }
    while (carry > 0) {
      if (used === LIMBS) return false
      const next = Math.floor(carry * INV_LIMB)
      limbs[used++] = carry - next * LIMB
      carry = next
    }
  }
  if (used === LIMBS && limbs[LIMBS - 1]! >= 65536) return false
  // limb l covers bytes [32 - 3(l+1), 32 - 3l) of the word, the top limb only its low byte
  for (let l = 0; l < used; l++) {
    const limb = limbs[l]!
    const end = at + 32 - 3 * l
    out[end - 1] = limb & 255
    out[end - 2] = (limb >>> 8) & 255
    if (end - 3 >= at) out[end - 3] = limb >>> 16
  }
  return true
}

/** Whether the 32-byte word at out[at..] is below 2^bits. */
function fitsUnsigned(out: Buffer, at: number, bits: number): boolean {
  for (let i = at; i < at + 32 - bits / 8; i++) if (out[i] !== 0) return false
  return true
}

/**
 * Decodes one ABI encoding back to canonical values: numbers as decimal strings, addresses in
 * EIP-55 form (through `checksum`), bytes as lowercase hex, bools as booleans.
 */
export function decodeLeaf(layout: LeafLayout, bytes: Uint8Array, checksum: (lower: string) => string): unknown[] {
  if (layout.generic) return decodeAbiValues(layout.generic, bytes)
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  return layout.columns.map((column, c) => {
    const at = 32 * c
    const word = () => BigInt(`0x${buf.toString('hex', at, at + 32)}`)
    switch (column.kind) {
      case 'address':
        return checksum(`0x${buf.toString('hex', at + 12, at + 32)}`)
      case 'uint':
        return word().toString()
      case 'int':
        return BigInt.asIntN(256, word()).toString()
      case 'bool':
        return buf[at + 31] === 1
      case 'fixedBytes':
        return bytesToHex(buf.subarray(at, at + column.size))
      case 'abi':
        throw new LeafEncodingError(layout.types[c], c)
      case 'string':
      case 'bytes': {
        const start = Number(word())
        const length = Number(BigInt(`0x${buf.toString('hex', start, start + 32)}`))
        const data = buf.subarray(start + 32, start + 32 + length)
        return column.kind === 'string' ? data.toString('utf8') : bytesToHex(data)
      }
    }
  })
}

// the size and the encoding of a generic leaf are asked for one after the other: encode once
let lastGeneric: { layout: LeafLayout; value: LeafValue; bytes: Uint8Array } | undefined

function encodeGeneric(layout: LeafLayout, value: LeafValue, position: number): Uint8Array {
  if (lastGeneric && lastGeneric.value === value && lastGeneric.layout === layout) return lastGeneric.bytes
  checkArity(layout, value, position)
  const parameters = layout.generic!
  const normalized = parameters.map((parameter, c) => {
    try {
      return toAbiValue(parameter, value[c])
    } catch (error) {
      if (error instanceof AbiValueError) throw invalid(layout, position, c, value[c], error.message)
      throw error
    }
  })
  let bytes: Uint8Array
  try {
    bytes = encodeAbiValues(parameters, normalized)
  } catch (error) {
    throw new InvalidLeafValueError(position, undefined, undefined, value, error instanceof Error ? error.message.split('\n')[0]! : String(error))
  }
  lastGeneric = { layout, value, bytes }
  return bytes
}

/**
 * Mixed-case addresses that are not EIP-55, anywhere inside a generic leaf's values (the fast
 * path checks its address columns in batches instead): `{ position, column }` of each.
 */
export function findGenericChecksumErrors(layout: LeafLayout, values: readonly LeafValue[]): Array<{ position: number; column: number }> {
  const out: Array<{ position: number; column: number }> = []
  if (!layout.generic) return out
  values.forEach((value, position) => {
    layout.generic!.forEach((parameter, column) => {
      let bad = false
      const check = (address: string) => {
        const body = address.slice(2)
        if (!bad && body !== body.toLowerCase() && body !== body.toUpperCase() && checksumAddress(address.toLowerCase()) !== address) bad = true
      }
      try {
        toAbiValue(parameter, Array.isArray(value) ? value[column] : undefined, '', check)
      } catch {
        return // encoding reports malformed values
      }
      if (bad) out.push({ position, column })
    })
  })
  return out
}
