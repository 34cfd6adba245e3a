import { getAddress, type Address } from 'viem'

/** `0x1234…abcd` of the checksummed address (EIP-55): what a person compares at a glance. Throws viem's `InvalidAddressError` on a malformed address. */
export function shortAddress(address: string): string {
  const checksummed: Address = getAddress(address)
  return `${checksummed.slice(0, 6)}…${checksummed.slice(-4)}`
}
