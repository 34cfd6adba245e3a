/**
 * The dataset JSON's bytes (what the content hash is taken of) against `JSON.stringify` of the
 * canonical dump, for an allocation tree written the fast way (straight to bytes) and one with a
 * value that takes the long way.
 */
import { describe, expect, it } from 'vitest'
import { buildTree, type MerkleTree } from '../merkle'
import { checksumAddress } from '../merkle/keccak'
import { datasetJsonBytes } from './dataset-json-chunks'

const leafEncoding = ['uint256', 'address', 'uint256']

function expectedJson(tree: MerkleTree): string {
  const nodes: string[] = []
  for (let i = 0; i < tree.nodes.length / 32; i++) nodes.push(`0x${Buffer.from(tree.nodes.subarray(32 * i, 32 * i + 32)).toString('hex')}`)
  const values = tree.values.map((value, i) => ({
    value: [String(value[0]), checksumAddress(String(value[1])), String(value[2])],
    treeIndex: tree.treeIndexOf[i],
  }))
  return JSON.stringify({ format: 'standard-v1', leafEncoding, tree: nodes, values })
}

const address = (i: number) => `0x${(i * 2654435761 + 7).toString(16).padStart(40, '0')}`

describe('datasetJsonBytes', () => {
  it.each([1000, 16384])('writes an allocation tree (lower, checksummed and upper-case accounts) as its canonical JSON, pieces of %i', (piece) => {
    const values = Array.from({ length: 5000 }, (_, i) => {
      const lower = address(i)
      const account = i % 3 === 0 ? lower : i % 3 === 1 ? checksumAddress(lower) : `0x${lower.slice(2).toUpperCase()}`
      return [String(i), account, i % 7 === 0 ? '0' : `${i}${'9'.repeat(i % 60)}`]
    })
    const tree = buildTree({ values, leafEncoding })
    const bytes = Buffer.concat([...datasetJsonBytes(tree, piece)])
    expect(bytes.toString('utf8')).toBe(expectedJson(tree))
  })

  it('writes values given as bigints (the long way) the same', () => {
    const values: unknown[][] = Array.from({ length: 300 }, (_, i) => [String(i), address(i), String(10n ** 30n + BigInt(i))])
    const tree = buildTree({ values, leafEncoding })
    const expected = expectedJson(tree)
    const withBigint = { ...tree, values: tree.values.map((v, i) => (i === 150 ? [v[0], v[1], BigInt(String(v[2]))] : v)) }
    expect(Buffer.concat([...datasetJsonBytes(withBigint, 100)]).toString('utf8')).toBe(expected)
  })
})
