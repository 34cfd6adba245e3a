import { StandardMerkleTree } from '@openzeppelin/merkle-tree'
import { getAddress, keccak256, toHex, type Address } from 'viem'
import { describe, expect, it } from 'vitest'
import { buildTree, encodeCompactTree } from '../merkle'
import { parseHeader } from '../merkle/compact'
import { UnservableCampaignTreeError } from './errors'
import { serveCompactTree } from './load-served-campaign'
import { CLAIM_LEAF_ENCODING } from './schema'

const accounts = Array.from({ length: 37 }, (_, i) => `0x${keccak256(toHex(`served-${i}`)).slice(26)}` as Address)
const values = accounts.map((account, i) => [i, account, BigInt(i + 1) * 10n ** 18n] as const)
const tree = buildTree({ values: values.map((v) => [...v]), leafEncoding: CLAIM_LEAF_ENCODING })
const bytes = () => Buffer.from(encodeCompactTree(tree))
const oz = StandardMerkleTree.of(values.map(([i, a, m]) => [String(i), a, m.toString()]), [...CLAIM_LEAF_ENCODING])

describe('serveCompactTree', () => {
  it('answers OpenZeppelin’s proof for every value, the first lookup and every repeat', () => {
    const served = serveCompactTree('c', bytes(), true, tree.root)
    for (let round = 0; round < 2; round++) {
      for (const [i, [, account, amount]] of values.entries()) {
        const claim = served.claimAt(served.findAccount(account.toLowerCase()))
        expect(claim).toEqual({ index: i, account: getAddress(account), amount, proof: oz.getProof(i) })
      }
    }
    expect(served.findAccount(`0x${'ab'.repeat(20)}`)).toBe(-1)
  })

  it('writes the proof route’s JSON of every claim, byte for byte JSON.stringify’s', () => {
    const served = serveCompactTree('c', bytes(), true, tree.root)
    for (let round = 0; round < 2; round++) {
      for (const [i, [, account, amount]] of values.entries()) {
        const body = served.claimBodyAt(served.findAccount(account.toLowerCase()))
        expect(body.index).toBe(i)
        expect(body.account).toBe(getAddress(account))
        expect(body.json).toBe(JSON.stringify({ index: i, account: getAddress(account), amount: amount.toString(), proof: oz.getProof(i) }))
      }
    }
    const damaged = bytes()
    damaged[valuesAt + 5 * 96 + 95]! ^= 1
    expect(() => serveCompactTree('c', damaged, true, tree.root).claimBodyAt(5)).toThrow(/does not match its value/)
  })

  it('refuses a root other than the campaign’s', () => {
    expect(() => serveCompactTree('c', bytes(), true, `0x${'00'.repeat(32)}`)).toThrow(UnservableCampaignTreeError)
  })

  const { nodesAt, valuesAt, treeIndexAt } = parseHeader(bytes(), undefined)
  const treeIndexOf = (b: Buffer, v: number) => b.readUInt32LE(treeIndexAt + 4 * v)

  it('never answers a wrong proof: a damaged sibling node fails, even below a path already checked', () => {
    const damaged = bytes()
    const served = serveCompactTree('c', damaged, true, tree.root)
    served.claimAt(0) // checks value 0's whole path
    const leaf = treeIndexOf(damaged, 1)
    damaged[nodesAt + 32 * (leaf % 2 === 1 ? leaf + 1 : leaf - 1)]! ^= 1
    expect(() => served.claimAt(1)).toThrow(/does not lead to the root/)
  })

  it('never answers a wrong proof: a damaged amount fails its leaf check', () => {
    const damaged = bytes()
    damaged[valuesAt + 5 * 96 + 95]! ^= 1
    const served = serveCompactTree('c', damaged, true, tree.root)
    expect(() => served.claimAt(5)).toThrow(/does not match its value/)
    expect(served.claimAt(6).index).toBe(6)
  })

  it('never answers a wrong proof: a damaged inner node fails every path through it', () => {
    const damaged = bytes()
    damaged[nodesAt + 32 * 1]! ^= 1 // the root's left child
    const served = serveCompactTree('c', damaged, true, tree.root)
    const results = values.map((_, v) => {
      try {
        served.claimAt(v)
        return 'ok'
      } catch (error) {
        expect(error).toBeInstanceOf(UnservableCampaignTreeError)
        return 'refused'
      }
    })
    expect(results).not.toContain('ok')
  })
})
