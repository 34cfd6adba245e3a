import { describe, expect, it } from 'vitest'
import { findLookalike, lookalikeDigits, sharedEnds } from './find-lookalike'

const registry = '0xa0b1c2d3E4F5a6b7c8D9E0F1a2b3C4D5e6F7A8b0'
// 40 hex digits: `front`, then filler that differs from `registry` at every position, then `back`.
const make = (front: string, back: string) => {
  const hex = registry.slice(2).toLowerCase()
  const filler = [...hex.slice(front.length, 40 - back.length)].map((digit) => (digit === '1' ? '2' : '1')).join('')
  return `0x${front}${filler}${back}`
}

describe('findLookalike', () => {
  it('the issue example: same first 39 digits, other last digit → imitates the Registry', () => {
    expect(findLookalike('0xa0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9', [registry])).toEqual({ known: registry, prefix: 39, suffix: 0 })
  })

  it('the genuine address is not a look-alike of itself, in any case', () => {
    expect(findLookalike(registry.toLowerCase(), [registry])).toBeUndefined()
    expect(findLookalike(registry.toUpperCase().replace('0X', '0x'), [registry.toLowerCase()])).toBeUndefined()
  })

  it('compares case-insensitively', () => {
    expect(findLookalike(make('A0B1C2D', ''), [registry])?.prefix).toBe(7)
  })

  it(`boundary: ${lookalikeDigits} shared end digits is a look-alike, ${lookalikeDigits - 1} is not (prefix only, suffix only, split)`, () => {
    expect(lookalikeDigits).toBe(7)
    expect(findLookalike(make('a0b1c2d', ''), [registry])).toMatchObject({ prefix: 7, suffix: 0 })
    expect(findLookalike(make('a0b1c2', ''), [registry])).toBeUndefined()
    expect(findLookalike(make('', '6f7a8b0'), [registry])).toMatchObject({ prefix: 0, suffix: 7 })
    expect(findLookalike(make('', 'f7a8b0'), [registry])).toBeUndefined()
    // The poisoning pattern: wallets show 0xa0b1…a8b0; 4 + 3 copied digits is enough, 3 + 3 is not.
    expect(findLookalike(make('a0b1', '8b0'), [registry])).toMatchObject({ prefix: 4, suffix: 3 })
    expect(findLookalike(make('a0b', '8b0'), [registry])).toBeUndefined()
  })

  it('picks the known address imitated most closely', () => {
    const other = '0xa0b1c2d3E4F5000000000000000000000000beef'
    expect(findLookalike('0xa0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9', [other, registry])?.known).toBe(registry)
  })

  it('leading zeros do not count: gas-vanity addresses and the zero/burn addresses are not look-alikes of each other', () => {
    const seaport = '0x00000000000000ADc04C56Bf30aC9d3c0aAF14dC'
    const permit2 = '0x000000000022D473030F116dDEE9F6B43aC78BA3'
    expect(findLookalike(permit2, [seaport])).toBeUndefined()
    expect(findLookalike('0x000000000000000000000000000000000000dEaD', ['0x0000000000000000000000000000000000000000'])).toBeUndefined()
    // …but copying what follows the zeros still counts.
    expect(sharedEnds('0x000000000022d47303aaaaaaaaaaaaaaaaaaaaaa', permit2)).toEqual({ prefix: 8, suffix: 0 })
  })
})
