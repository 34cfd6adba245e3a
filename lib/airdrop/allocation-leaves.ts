import { checksumAddresses } from '../merkle/keccak'
import type { ParsedAllocations } from './parse-allocations'

/** Leaf encoding of a campaign's tree: `(index, account, amount)`, what `ArborDistributor` hashes. */
export const ALLOCATION_LEAF_ENCODING = ['uint256', 'address', 'uint256'] as const

export type AllocationLeafValuesOptions = {
  /**
   * `checksum` (default): accounts in EIP-55 form, the canonical form `decodeCompactTree` gives
   * back (what a dump written from these values shows). `lower`: lower-case hex, the same leaves
   * without a keccak per address, for a caller that only builds and stores the tree.
   */
  addressCase?: 'checksum' | 'lower'
  /**
   * Lower-case `0x` accounts and decimal amounts already written out for recipients (by the
   * allocation inserts), reused rather than converted again; a hole is converted here. Only with
   * `addressCase: 'lower'`.
   */
  texts?: { accounts: readonly (string | undefined)[]; amounts: readonly (string | undefined)[] }
}

/**
 * Parsed allocations as tree values `[index, account, amount]` (decimal strings; accounts as
 * `addressCase` says), index = position in the file's first-seen order.
 */
export function allocationLeafValues(
  parsed: Pick<ParsedAllocations, 'addresses' | 'amounts' | 'recipientCount'>,
  { addressCase = 'checksum', texts }: AllocationLeafValuesOptions = {},
): string[][] {
  const n = parsed.recipientCount
  const accounts = addressCase === 'checksum' ? checksumAddresses(parsed.addresses, n) : texts?.accounts
  const amounts = texts?.amounts
  const values: string[][] = new Array(n)
  for (let i = 0; i < n; i++) {
    const account = accounts?.[i] ?? `0x${parsed.addresses.toString('hex', 20 * i, 20 * i + 20)}`
    values[i] = [String(i), account, amounts?.[i] ?? parsed.amounts[i]!.toString()]
  }
  return values
}
