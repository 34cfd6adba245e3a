import type { AbiParameter } from 'viem'
// viem/utils, not viem: the merkle CLI starts faster without the clients and chains
import { decodeAbiParameters, encodeAbiParameters, parseAbiParameter } from 'viem/utils'
import { checksumAddress } from './keccak'
import { bytesToHex } from './hex'

/**
 * The slow path of leaf encoding: any ABI type OpenZeppelin's encoder takes (`uint88[]`,
 * `address[2]`, `(uint256,address)`, tuples of arrays, ...) through viem's ABI coder. Values
 * are taken as OpenZeppelin takes them (numbers as numbers, bigints, decimal or 0x strings;
 * addresses in any case) and normalized to what viem's encoder wants first.
 */

/** A parsed ABI type, or undefined when viem cannot read it. */
export function parseAbiType(type: string): AbiParameter | undefined {
  try {
    const parameter = parseAbiParameter(type) as AbiParameter
    // a name would be ignored anyway; a type with a name in it is not a type
    return parameter.name ? undefined : parameter
  } catch {
    return undefined
  }
}

/** Why a value does not fit, with the path inside the column (e.g. `[2].1`). */
export class AbiValueError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path ? `at ${path}: ` : ''}${reason}`)
  }
}

const UINT = /^uint(\d*)$/
const INT = /^int(\d*)$/
const BYTES_N = /^bytes(\d+)$/
const ARRAY = /^(.*)\[(\d*)\]$/

function toInteger(value: unknown, path: string): bigint {
  if (typeof value === 'bigint') return value
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value)
  if (typeof value === 'string' && /^(-?[0-9]+|0x[0-9a-fA-F]+)$/.test(value)) return BigInt(value)
  throw new AbiValueError(path, 'not an integer (a number, bigint, decimal or 0x string)')
}

function toHexBytes(value: unknown, path: string, size?: number): `0x${string}` {
  const hex = value instanceof Uint8Array ? bytesToHex(value) : typeof value === 'string' && /^0x([0-9a-fA-F]{2})*$/.test(value) ? value.toLowerCase() : undefined
  if (hex === undefined) throw new AbiValueError(path, 'not bytes (0x hex of whole bytes)')
  if (size !== undefined && hex.length !== 2 + 2 * size) throw new AbiValueError(path, `expected exactly ${size} bytes`)
  return hex as `0x${string}`
}

/**
 * `value` as viem's encoder wants it for `parameter`. `onAddress` sees every address string as
 * given (for the checksum report).
 */
export function toAbiValue(parameter: AbiParameter, value: unknown, path = '', onAddress?: (address: string, path: string) => void): unknown {
  const type = parameter.type
  const array = ARRAY.exec(type)
  if (array) {
    if (!Array.isArray(value)) throw new AbiValueError(path, `expected an array for ${type}`)
    if (array[2] !== '' && value.length !== Number(array[2])) throw new AbiValueError(path, `expected ${array[2]} elements, found ${value.length}`)
    const inner = { ...parameter, type: array[1]! } as AbiParameter
    return value.map((v, i) => toAbiValue(inner, v, `${path}[${i}]`, onAddress))
  }
  if (type === 'tuple') {
    const components = (parameter as { components: readonly AbiParameter[] }).components
    const items = Array.isArray(value) ? value : undefined
    if (!items || items.length !== components.length) throw new AbiValueError(path, `expected an array of ${components.length} tuple fields`)
    return components.map((component, i) => toAbiValue(component, items[i], `${path}.${i}`, onAddress))
  }
  if (type === 'address') {
    const text = value instanceof Uint8Array && value.length === 20 ? bytesToHex(value) : value
    if (typeof text !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(text)) throw new AbiValueError(path, 'address must be 0x followed by 40 hex digits')
    onAddress?.(text, path)
    return text.toLowerCase()
  }
  if (type === 'bool') {
    if (value === true || value === 'true') return true
    if (value === false || value === 'false') return false
    throw new AbiValueError(path, 'not a bool')
  }
  if (type === 'string') {
    if (typeof value !== 'string') throw new AbiValueError(path, 'not a string')
    return value
  }
  if (type === 'bytes') return toHexBytes(value, path)
  const fixed = BYTES_N.exec(type)
  if (fixed) return toHexBytes(value, path, Number(fixed[1]))
  const uint = UINT.exec(type)
  const int = INT.exec(type)
  if (uint || int) {
    const bits = Number((uint ?? int)![1] || 256)
    const n = toInteger(value, path)
    const fits = uint ? n >= 0n && n >> BigInt(bits) === 0n : n >= -(1n << BigInt(bits - 1)) && n < 1n << BigInt(bits - 1)
    if (!fits) throw new AbiValueError(path, `out of range for ${type}`)
    return n
  }
  throw new AbiValueError(path, `unsupported type ${type}`)
}

/** `abi.encode` of one column through viem. */
export function encodeAbiValues(parameters: readonly AbiParameter[], values: readonly unknown[]): Uint8Array {
  return Buffer.from(encodeAbiParameters(parameters, values).slice(2), 'hex')
}

/** Decodes back to canonical JSON values: integers as decimal strings, addresses EIP-55, bytes lowercase hex, tuples as arrays. */
export function decodeAbiValues(parameters: readonly AbiParameter[], bytes: Uint8Array): unknown[] {
  const decoded = decodeAbiParameters(parameters, bytesToHex(bytes))
  return parameters.map((parameter, i) => canonical(parameter, decoded[i]))
}

function canonical(parameter: AbiParameter, value: unknown): unknown {
  const array = ARRAY.exec(parameter.type)
  if (array) return (value as unknown[]).map((v) => canonical({ ...parameter, type: array[1]! } as AbiParameter, v))
  if (parameter.type === 'tuple') {
    const components = (parameter as { components: readonly AbiParameter[] }).components
    const items = Array.isArray(value) ? value : components.map((c) => (value as Record<string, unknown>)[c.name!])
    return components.map((component, i) => canonical(component, items[i]))
  }
  if (typeof value === 'bigint') return value.toString()
  if (parameter.type === 'address') return checksumAddress(String(value).toLowerCase())
  if (typeof value === 'string' && value.startsWith('0x')) return value.toLowerCase()
  return value
}
