/**
 * Frozen files in `fixtures/` (made once by `fixtures/make-fixtures.ts`, never rewritten): an
 * OpenZeppelin-written `standard-v1` dump and an Arbor compact v1 file for each of two trees. They
 * must keep loading, verifying and proving the same root, so a format change cannot strand old files.
 */
import { readFileSync } from 'node:fs'
import { StandardMerkleTree } from '@openzeppelin/merkle-tree'
import { describe, expect, it } from 'vitest'
import {
  COMPACT_VERSION,
  decodeCompactTree,
  dumpStandardTree,
  encodeCompactTree,
  getMultiProof,
  getProof,
  InvalidTreeDataError,
  loadStandardTree,
  readCompactProof,
  verifyMultiProof,
  verifyProof,
} from './index'

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url))

const cases = [
  {
    name: 'allocations-16',
    leafEncoding: ['uint256', 'address', 'uint256'],
    leaves: 16,
    root: '0x78a159ebdc05829f0c31d973e002aad038f4235b9cd46ec186ff0ec4faa4b177',
    firstValue: ['0', '0x00000000000000000000000000000000000A11cE', '1250000000000000000'],
    firstProof: [
      '0x693ce91e44d049e7d3707f7f696c6c442a214f2071daa2510879c4152f3cd933',
      '0x349a96c6f1e808e652f15dca4811551f3a3c504c712bbd0a74bed6e3c6c8a563',
      '0xeeea3d033640483fc66c1fc7078d89b795f7749f40e916cf5c3c1ae8982b5176',
      '0xc9dd6b5fa7522286937c670708b945d9f23fa731e4231707776243f34f1ca7c6',
    ],
    lastProof: [
      '0x88320911af9502e1ed0f2890a41f5ddabfe0a128e6ebe2bd22bed41865557023',
      '0x685a8a24a7b31f18cd61e760cf33ba37e041bc77e557eea527d6f9dd9d31bbf4',
      '0x3b562d8ff0075a206c26bbc73e38ce7c99cd166b0ca78afc4e22c549300c1f7d',
      '0x349e7151021e55d9344dd9fe3114d7e2f28f8912cb19c1ae1d2b7bc0f04da2a6',
    ],
    multiProof03: {
      proof: [
        '0x693ce91e44d049e7d3707f7f696c6c442a214f2071daa2510879c4152f3cd933',
        '0xd3de51fc822363386b130a71dec70366f748c96453501700e72462e32a13fe58',
        '0x349a96c6f1e808e652f15dca4811551f3a3c504c712bbd0a74bed6e3c6c8a563',
        '0xe1b8319797c8b57548d3da0f1afa0bb9a496f562fdabcc8d90f2c0d8ab34d209',
        '0xeeea3d033640483fc66c1fc7078d89b795f7749f40e916cf5c3c1ae8982b5176',
        '0x9f684f4a1b3c14c85c761fde088030aec5112b633e8a3073ef5b64152e72ccda',
      ],
      proofFlags: [false, false, false, false, false, false, true],
    },
  },
  {
    name: 'mixed-7-unsorted',
    leafEncoding: ['string', 'bytes', 'bool', 'int256', 'bytes32'],
    leaves: 7,
    root: '0xfca876bbc88ee1c7ed1ad6bfb326603e93203c7307e778fe8cc95a58cb0435bf',
    firstValue: ['arbor', '0x', true, '-1', `0x${'11'.repeat(32)}`],
    firstProof: [
      '0x268ed5cffacc3134b939c58180e92d762ef259a075f15c1592e2161f42caf765',
      '0x8a8fa736df00bfa9069ceafd39bb7ebbdc02fdb5a7ebf358a9a65ab14cdbdce3',
      '0x47fc36e9ab597a7e7a660320231b579ab48d2f19b30190a997f83492e9c70b0e',
    ],
    lastProof: [
      '0xcf02ca2cdb3cc1df6f550776fb2ea946ae02d453c23e8444d160340fb47b8a05',
      '0x47fc36e9ab597a7e7a660320231b579ab48d2f19b30190a997f83492e9c70b0e',
    ],
    multiProof03: {
      proof: [
        '0x268ed5cffacc3134b939c58180e92d762ef259a075f15c1592e2161f42caf765',
        '0x564d4630a7b5bc9ca29db687203a72b49da4f041aff8e4e636612b6415f10865',
        '0x8a8fa736df00bfa9069ceafd39bb7ebbdc02fdb5a7ebf358a9a65ab14cdbdce3',
        '0x67a60864ad9094c0f67d8b49a8f311a49674944189907815e4bcb9206185d68a',
      ],
      proofFlags: [false, false, false, false, true],
    },
  },
]

describe.each(cases)('frozen fixture $name', (c) => {
  const dumpText = fixture(`${c.name}.standard-v1.json`).toString('utf8')
  const compact = fixture(`${c.name}.compact-v1.bin`)

  it('the OpenZeppelin-written standard-v1 dump loads, verifies and proves the frozen root', () => {
    const tree = loadStandardTree(JSON.parse(dumpText))
    expect(tree.root).toBe(c.root)
    expect(tree.values).toHaveLength(c.leaves)
    expect(tree.values[0]).toEqual(c.firstValue)
    expect(getProof(tree, 0)).toEqual(c.firstProof)
    expect(getProof(tree, c.firstValue)).toEqual(c.firstProof)
    expect(getProof(tree, c.leaves - 1)).toEqual(c.lastProof)
    const multi = getMultiProof(tree, [0, 3])
    expect({ proof: multi.proof, proofFlags: multi.proofFlags }).toEqual(c.multiProof03)
    expect(verifyMultiProof(c.root, c.leafEncoding, multi)).toBe(true)
    for (let i = 0; i < c.leaves; i++) expect(verifyProof(c.root, c.leafEncoding, tree.values[i]!, getProof(tree, i))).toBe(true)
    // and Arbor writes it back byte for byte as OpenZeppelin did
    expect(JSON.stringify(dumpStandardTree(tree), null, 2) + '\n').toBe(dumpText)
    expect(StandardMerkleTree.load(dumpStandardTree(tree) as never).root).toBe(c.root)
  })

  it('the compact v1 file loads, verifies, proves the frozen root, and reads proofs in O(log n)', async () => {
    expect(compact.toString('latin1', 0, 7)).toBe('ARBORMT')
    expect(compact[7]).toBe(1)
    const tree = decodeCompactTree(compact)
    expect(tree.root).toBe(c.root)
    expect(tree.values[0]).toEqual(c.firstValue)
    expect(getProof(tree, 0)).toEqual(c.firstProof)
    expect(getProof(tree, c.leaves - 1)).toEqual(c.lastProof)
    const fromDump = loadStandardTree(JSON.parse(dumpText))
    expect(Buffer.from(tree.nodes).equals(Buffer.from(fromDump.nodes))).toBe(true)
    expect(Array.from(tree.treeIndexOf)).toEqual(Array.from(fromDump.treeIndexOf))
    expect(await readCompactProof(compact, 0)).toMatchObject({ root: c.root, proof: c.firstProof })
    expect(await readCompactProof(compact, c.leaves - 1)).toMatchObject({ root: c.root, proof: c.lastProof })
    // while the writer's version is 1 it writes exactly these bytes
    if (COMPACT_VERSION === 1) expect(Buffer.from(encodeCompactTree(tree)).equals(compact)).toBe(true)
  })

  it('a fixture with one changed node byte is refused', () => {
    const bytes = Buffer.from(compact)
    const firstNode = 24 + Math.ceil(JSON.stringify(c.leafEncoding).length / 4) * 4
    bytes[firstNode + 31]! ^= 1
    expect(() => decodeCompactTree(bytes)).toThrow(InvalidTreeDataError)
    const dump = JSON.parse(dumpText) as { tree: string[] }
    dump.tree[1] = `0x${'00'.repeat(32)}`
    expect(() => loadStandardTree(dump)).toThrow(/node 1 does not match/)
  })
})
