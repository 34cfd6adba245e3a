import fc from 'fast-check'
import { getAddress } from 'viem'
import { describe, expect, it } from 'vitest'
import { createClaimTextWriter } from './claim-text-writer'

/** One stored value `(index, account, amount)` at 0, then `nodes` 32-byte nodes from 96 (a tree of 2^depth - 1 nodes). */
function storedValue(account: string, amount: bigint, nodes: Uint8Array[] = []): Buffer {
  const bytes = Buffer.alloc(96 + 32 * nodes.length)
  bytes.write(account.slice(2), 44, 'hex')
  bytes.write(amount.toString(16).padStart(64, '0'), 64, 'hex')
  nodes.forEach((node, i) => bytes.set(node, 96 + 32 * i))
  return bytes
}

const amounts = [0n, 1n, 9n, 10n, 9_999_999n, 10_000_000n, 10_000_001n, 2n ** 53n + 1n, 10n ** 18n, 123n * 10n ** 21n + 7n,
  2n ** 104n - 1n, 2n ** 104n, 10n ** 40n + 1n, 2n ** 256n - 1n]

describe('createClaimTextWriter', () => {
  it('writes JSON.stringify’s text of a claim: every amount, the EIP-55 account, each proof node', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.constantFrom(...amounts), fc.bigInt({ min: 0n, max: 2n ** 104n }), fc.bigInt({ min: 0n, max: 2n ** 256n - 1n })),
        fc.uint8Array({ minLength: 20, maxLength: 20 }),
        fc.integer({ min: 0, max: 2 ** 40 }),
        fc.array(fc.uint8Array({ minLength: 32, maxLength: 32 }), { minLength: 7, maxLength: 7 }),
        fc.integer({ min: 0, max: 6 }),
        (amount, address, index, nodes, treeIndex) => {
          const account = `0x${Buffer.from(address).toString('hex')}`
          const writer = createClaimTextWriter(storedValue(account, amount, nodes), 96)
          const proof: string[] = []
          for (let i = treeIndex; i > 0; i = (i - 1) >> 1) proof.push(`0x${Buffer.from(nodes[i % 2 === 1 ? i + 1 : i - 1]!).toString('hex')}`)
          const { json, account: written } = writer.json(index, 0, treeIndex)
          expect(written).toBe(getAddress(account))
          expect(json).toBe(JSON.stringify({ index, account: getAddress(account), amount: amount.toString(), proof }))
          expect(writer.account(44)).toBe(getAddress(account))
          expect(writer.proof(treeIndex)).toEqual(proof)
        },
      ),
      { numRuns: 500 },
    )
  })
})
