import type { Address } from 'viem'
import { InvalidAccountError } from './errors'

const ADDRESS = /^0x[0-9a-fA-F]{40}$/

/**
 * An address in any letter case (a wrong checksum is not refused: lookups are case-insensitive),
 * lowercased. Throws `InvalidAccountError` naming `field` otherwise.
 */
export function parseAccount(value: unknown, field = 'address'): Address {
  if (typeof value === 'string' && isPlainAddress(value)) return value.toLowerCase() as Address
  if (typeof value !== 'string' || !ADDRESS.test(value.trim())) throw new InvalidAccountError(field, value)
  return value.trim().toLowerCase() as Address
}

/** `0x` and 40 hex digits, nothing around them: what the regular expression accepts, checked without it. */
function isPlainAddress(value: string): boolean {
  if (value.length !== 42 || value.charCodeAt(0) !== 48 || value.charCodeAt(1) !== 120) return false
  for (let i = 2; i < 42; i++) {
    const code = value.charCodeAt(i)
    const lower = code | 32
    if (!((code >= 48 && code <= 57) || (lower >= 97 && lower <= 102))) return false
  }
  return true
}
