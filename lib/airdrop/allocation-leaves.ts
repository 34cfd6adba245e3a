import { checksumAddress } from '../merkle/keccak'
import type { ParsedAllocations } from './parse-allocations'

/** Leaf encoding of a campaign's tree: `(index, account, amount)`, what `ArborDistributor` hashes. */
export const ALLOCATION_LEAF_ENCODING = ['uint256', 'address', 'uint256'] as const

/**
 * Parsed allocations as tree values `[index, account, amount]` in canonical form (decimal
 * strings, EIP-55 addresses, as `decodeCompactTree` gives them back), index = position in the
 * file's first-seen order.
 */
export function allocationLeafValues(parsed: Pick<ParsedAllocations, 'addresses' | 'amounts' | 'recipientCount'>): string[][] {
  const values: string[][] = new Array(parsed.recipientCount)
  for (let i = 0; i < parsed.recipientCount; i++) {
    const account = checksumAddress(`0x${parsed.addresses.toString('hex', 20 * i, 20 * i + 20)}`)
    values[i] = [String(i), account, parsed.amounts[i]!.toString()]
  }
  return values
}
