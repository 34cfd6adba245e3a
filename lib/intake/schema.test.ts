import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseVoteInputFast, voteInputSchema } from './schema'

const vote = {
  message: { voter: '0x8ba1f109551bD432803012645Ac136ddd64DBA72', proposal: '5b3e7b86-3c6a-4f7e-9a55-1f2d1c0e9a11', choices: ['1'], weights: [], reason: '', timestamp: '1764557000' },
  signature: `0x${'ab'.repeat(65)}`,
}

/** Values a field may take in a posted vote, well-formed or not. */
const anyValue = fc.oneof(
  fc.constantFrom('', '0', '1', '01', '4294967295', '4294967296', '999999999999999', '1000000000000000', '-1', '1.5', ' 1', 'abc', 'a\u0000b', '0x8ba1f109551bd432803012645ac136ddd64dba72'),
  fc.constantFrom('5B3E7B86-3C6A-4F7E-9A55-1F2D1C0E9A11', '5b3e7b86-3c6a-0f7e-9a55-1f2d1c0e9a11', '5b3e7b86-3c6a-4f7e-1a55-1f2d1c0e9a11', `0x${'ab'.repeat(65)}`, `0x${'ab'.repeat(64)}`),
  // hex of the right length with one character that is not hex (first, last, non-ASCII), or 0X
  fc.constantFrom(`0x${'ab'.repeat(64)}ag`, `0x${'AB'.repeat(64)}Ab`, `0X${'ab'.repeat(65)}`, `0xg${'b'.repeat(129)}`, '0x8ba1f109551bd432803012645ac136ddd64dba7g', '0x8ba1f109551bd43280301264\u00e9ac136ddd64dba72', `1x${'8b'.repeat(20)}`),
  fc.string(),
  fc.integer({ min: -5, max: 5 }),
  fc.constant(null),
  fc.constant(undefined),
  fc.array(fc.constantFrom('1', '2', '01', 3, '', 'x'), { maxLength: 3 }),
  fc.constant(Array.from({ length: 257 }, () => '1')),
  fc.constant({}),
)

/** A vote with one field of the message or of the envelope replaced (or removed, or added). */
const mutated = fc.tuple(fc.constantFrom('voter', 'proposal', 'choices', 'weights', 'reason', 'timestamp', 'extra'), fc.constantFrom('message', 'envelope'), anyValue).map(([field, where, value]) => {
  const input: Record<string, unknown> = { ...vote, message: { ...vote.message } }
  const target = where === 'message' ? (input.message as Record<string, unknown>) : input
  if (value === undefined) delete target[field === 'extra' ? 'signature' : field]
  else target[field] = value
  return input
})

describe('parseVoteInputFast', () => {
  it("gives the schema's output for well-formed votes, defaults included", () => {
    const bare = { voter: vote.message.voter, proposal: vote.message.proposal, choices: vote.message.choices, timestamp: vote.message.timestamp }
    for (const input of [vote, { ...vote, message: bare }, { ...vote, message: { ...vote.message, choices: ['3', '1', '2'], weights: ['10', '0', '4294967295'], reason: 'why ✓' } }]) {
      const fast = parseVoteInputFast(input)
      expect(fast).toBeDefined()
      expect(fast).toStrictEqual(voteInputSchema.parse(input))
    }
  })

  it('never accepts what the schema refuses, and agrees with it on what it accepts', () => {
    fc.assert(
      fc.property(mutated, (input) => {
        const fast = parseVoteInputFast(input)
        const parsed = voteInputSchema.safeParse(input)
        if (fast !== undefined) {
          expect(parsed.success).toBe(true)
          expect(fast).toStrictEqual(parsed.data)
        }
      }),
      { numRuns: 2_000 },
    )
  })

  it('leaves a domain, uppercase ids, numbers and NUL characters to the schema', () => {
    expect(parseVoteInputFast({ ...vote, domain: { chainId: 1, verifyingContract: vote.message.voter } })).toBeUndefined()
    expect(parseVoteInputFast({ ...vote, message: { ...vote.message, proposal: vote.message.proposal.toUpperCase() } })).toBeUndefined()
    expect(parseVoteInputFast({ ...vote, message: { ...vote.message, timestamp: 1764557000 } })).toBeUndefined()
    expect(parseVoteInputFast({ ...vote, message: { ...vote.message, reason: 'a\u0000' } })).toBeUndefined()
  })
})
