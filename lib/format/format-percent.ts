export type FormatPercentOptions = {
  /** Fraction digits shown (default 2: basis points are hundredths of a percent). */
  fractionDigits?: number
}

/**
 * A share in basis points (1 bp = 0.01%) as "12.34%". Exact for bigint input; rounds half-up
 * at `fractionDigits`.
 */
export function formatPercent(basisPoints: number | bigint, { fractionDigits = 2 }: FormatPercentOptions = {}): string {
  const format = new Intl.NumberFormat('en-US', {
    minimumFractionDigits: fractionDigits,
    maximumFractionDigits: fractionDigits,
    roundingMode: 'halfExpand',
  } as Intl.NumberFormatOptions)
  const bp = BigInt(basisPoints)
  const whole = bp / 100n
  const rest = (bp < 0n ? -bp : bp) % 100n
  const sign = bp < 0n && whole === 0n ? '-' : ''
  return `${format.format(`${sign}${whole}.${rest.toString().padStart(2, '0')}` as unknown as number)}%`
}

/** The share `part / whole` in basis points, rounded down (0 when `whole` is 0). */
export function toBasisPoints(part: bigint, whole: bigint): bigint {
  return whole === 0n ? 0n : (part * 10_000n) / whole
}
