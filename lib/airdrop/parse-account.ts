import type { Address } from 'viem'
import { InvalidAccountError } from './errors'

const ADDRESS = /^0x[0-9a-fA-F]{40}$/

/**
 * An address in any letter case (a wrong checksum is not refused: lookups are case-insensitive),
 * lowercased. Throws `InvalidAccountError` naming `field` otherwise.
 */
export function parseAccount(value: unknown, field = 'address'): Address {
  if (typeof value !== 'string' || !ADDRESS.test(value.trim())) throw new InvalidAccountError(field, value)
  return value.trim().toLowerCase() as Address
}
