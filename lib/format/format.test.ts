import { describe, expect, it } from 'vitest'
import { maxUint256, parseUnits } from 'viem'
import { formatDateTime, formatPercent, formatTokenAmount, shortAddress, toBasisPoints } from '.'

describe('formatTokenAmount', () => {
  it('formats base units in token units with grouping and the symbol', () => {
    expect(formatTokenAmount(parseUnits('953500', 18), 18, 'ARB')).toBe('953,500 ARB')
    expect(formatTokenAmount(parseUnits('1234.56789', 18), 18)).toBe('1,234.5679')
    expect(formatTokenAmount(1_500_000n, 6, 'USDC')).toBe('1.5 USDC')
    expect(formatTokenAmount(0n, 18, 'ARB')).toBe('0 ARB')
  })
  it('stays exact above 2^53, where Number() would round', () => {
    expect(formatTokenAmount(maxUint256, 0)).toBe(
      '115,792,089,237,316,195,423,570,985,008,687,907,853,269,984,665,640,564,039,457,584,007,913,129,639,935',
    )
    expect(formatTokenAmount(9_007_199_254_740_993n, 0)).toBe('9,007,199,254,740,993')
  })
  it('says "< 0.0001" for dust instead of 0', () => {
    expect(formatTokenAmount(1n, 18, 'ARB')).toBe('< 0.0001 ARB')
  })
})

describe('shortAddress', () => {
  it('checksums and shortens', () => {
    expect(shortAddress('0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266')).toBe('0xf39F…2266')
  })
  it('throws on a malformed address', () => {
    expect(() => shortAddress('0x1234')).toThrow()
  })
})

describe('formatDateTime', () => {
  it('shows UTC and says so', () => {
    expect(formatDateTime(new Date('2026-11-30T16:05:00Z'))).toBe('Nov 30, 2026, 16:05 UTC')
  })
})

describe('formatPercent', () => {
  it('formats basis points exactly', () => {
    expect(formatPercent(1234)).toBe('12.34%')
    expect(formatPercent(499n)).toBe('4.99%')
    expect(formatPercent(10_000)).toBe('100.00%')
    expect(formatPercent(5, { fractionDigits: 1 })).toBe('0.1%')
  })
  it('derives basis points from a part and a whole, rounding down', () => {
    expect(toBasisPoints(1n, 3n)).toBe(3333n)
    expect(toBasisPoints(5n, 0n)).toBe(0n)
  })
})
