import { describe, expect, it } from 'vitest'
import { summarizeAllocations } from './summarize-allocations'

describe('summarizeAllocations', () => {
  it('ranks by amount then index, buckets by digits, and reads bigints as their decimal strings', () => {
    const amounts = [7n, 10n ** 30n, 99n, 100n, 7n, 7n, 7n, 7n, 7n, 7n, 7n, 7n, 8n]
    const asStrings = amounts.map((amount, i) => [String(i), `0x${String(i).padStart(40, '0')}`, amount.toString()])
    const asBigints = amounts.map((amount, i) => [i, `0x${String(i).padStart(40, '0')}`, amount])
    const summary = summarizeAllocations(asStrings)
    expect(summarizeAllocations(asBigints)).toEqual(summary)
    expect(summary.largest.map((row) => [row.index, row.amount])).toEqual([
      [1, '1000000000000000000000000000000'],
      [3, '100'],
      [2, '99'],
      [12, '8'],
      [0, '7'],
      [4, '7'],
      [5, '7'],
      [6, '7'],
      [7, '7'],
      [8, '7'],
    ])
    expect(summary.histogram).toEqual([
      { exponent: 0, recipients: 10 },
      { exponent: 1, recipients: 1 },
      { exponent: 2, recipients: 1 },
      { exponent: 30, recipients: 1 },
    ])
    expect(summarizeAllocations([])).toEqual({ largest: [], histogram: [] })
  })
})
