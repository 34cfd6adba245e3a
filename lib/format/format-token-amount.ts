import { formatUnits } from 'viem'

export type FormatTokenAmountOptions = {
  /** Most fraction digits shown (default 4); the value is rounded half-up at that digit. */
  maximumFractionDigits?: number
}

/**
 * A token amount in base units (wei for 18 decimals) as people read it: `1234567.5` tokens of 18
 * decimals → "1,234,567.5 ARB". Exact for any uint256: viem's `formatUnits` gives the decimal
 * string and `Intl.NumberFormat` formats that string (never `Number()`, which rounds above 2^53).
 * A non-zero amount that rounds to zero shows as "< 0.0001".
 */
export function formatTokenAmount(value: bigint, decimals: number, symbol?: string, { maximumFractionDigits = 4 }: FormatTokenAmountOptions = {}): string {
  const suffix = symbol ? ` ${symbol}` : ''
  const negative = value < 0n
  const magnitude = negative ? -value : value
  const smallest = 10n ** BigInt(Math.max(0, decimals - maximumFractionDigits))
  if (magnitude !== 0n && magnitude < smallest && decimals > maximumFractionDigits) {
    return `${negative ? '> -' : '< '}${formatUnits(1n, maximumFractionDigits)}${suffix}`
  }
  const format = new Intl.NumberFormat('en-US', { maximumFractionDigits, roundingMode: 'halfExpand' } as Intl.NumberFormatOptions)
  // Intl formats a decimal string exactly (the string overload of format()).
  return `${format.format(formatUnits(value, decimals) as unknown as number)}${suffix}`
}
