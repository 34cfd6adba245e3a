/**
 * `arbor tree build|verify|proof` as people and checks run it: the real bin in a child process,
 * files in a temporary folder, roots compared with @openzeppelin/merkle-tree.
 */
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { StandardMerkleTree } from '@openzeppelin/merkle-tree'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checksumAddress, verifyProof } from '@/lib/merkle'

const bin = path.resolve('scripts/arbor.js')
const encoding = ['uint256', 'address', 'uint256']
let dir: string

type Run = { code: number; stdout: string; stderr: string }

function arbor(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, 'tree', ...args], { cwd: dir, encoding: 'utf8' }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr })
    })
  })
}

/** The last stdout line, which build and verify promise to be JSON. */
function summary(run: Run): { root: string; leaves: number; ms: number } {
  expect(run.stderr).toBe('')
  expect(run.code).toBe(0)
  return JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { root: string; leaves: number; ms: number }
}

const address = (i: number) => checksumAddress(`0x${(i * 2654435761 + 99).toString(16).padStart(40, '0')}`)
const rows = Array.from({ length: 25 }, (_, i) => ({ address: address(i), amount: `${(i + 1) * 1000}` }))
// lowercase addresses are fine; so are CRLF line ends and a trailing blank line
const integerCsv = `address,amount\r\n${rows.map((r, i) => `${i % 3 === 0 ? r.address.toLowerCase() : r.address},${r.amount}`).join('\r\n')}\r\n\r\n`
const ozTree = StandardMerkleTree.of(
  rows.map((r, i) => [String(i), r.address, r.amount]),
  encoding,
)

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'arbor-cli-test-'))
  writeFileSync(path.join(dir, 'allocations.csv'), integerCsv)
})

afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

describe('arbor tree build', () => {
  it('builds an OpenZeppelin standard-v1 dump from integer amounts; the last stdout line is {root, leaves, ms}', async () => {
    const result = summary(await arbor('build', '--in', 'allocations.csv', '--out', 'tree.json'))
    expect(Object.keys(result).sort()).toEqual(['leaves', 'ms', 'root'])
    expect(result).toMatchObject({ root: ozTree.root, leaves: 25 })
    expect(result.ms).toBeGreaterThanOrEqual(0)
    const dump = JSON.parse(readFileSync(path.join(dir, 'tree.json'), 'utf8')) as { format: string; leafEncoding: string[] }
    expect(dump.format).toBe('standard-v1')
    expect(dump.leafEncoding).toEqual(encoding)
    expect(StandardMerkleTree.load(dump as never).root).toBe(ozTree.root)
  })

  it('--decimals turns decimal amounts into base units', async () => {
    const amounts = ['1.5', '2', '0.000001', '1000000.25', '.5']
    const units = ['1500000', '2000000', '1', '1000000250000', '500000']
    writeFileSync(path.join(dir, 'decimals.csv'), `address,amount\n${amounts.map((a, i) => `${address(i)},${a}`).join('\n')}\n`)
    const expected = StandardMerkleTree.of(units.map((u, i) => [String(i), address(i), u]), encoding)
    const result = summary(await arbor('build', '--in', 'decimals.csv', '--out', 'decimals.json', '--decimals', '6'))
    expect(result).toMatchObject({ root: expected.root, leaves: 5 })
  })

  it('reads a fully quoted spreadsheet export (BOM, CRLF, header case) like the plain file', async () => {
    const rows = integerCsv.trim().split(/\r?\n/).slice(1).map((row) => row.split(',').map((field) => `"${field}"`).join(','))
    writeFileSync(path.join(dir, 'quoted.csv'), `\uFEFF"Address","AMOUNT"\r\n${rows.join('\r\n')}\r\n\r\n`)
    const result = summary(await arbor('build', '--in', 'quoted.csv', '--out', 'quoted.json'))
    expect(result).toMatchObject({ root: ozTree.root, leaves: 25 })
  })

  it('stops on bad rows, lists every one by line number and reason, and writes nothing', async () => {
    const lines = [
      'address,amount',
      `${address(0)},100`, // 2 ok
      '0x1234,100', // 3 short address
      `${address(1)},-5`, // 4 negative
      `${address(2)},1.5`, // 5 not an integer without --decimals
      `${address(3)},100,extra`, // 6 three fields
      `${address(0).toLowerCase()},7`, // 7 duplicate of line 2
      `0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed,1`, // 8 checksum mismatch
      `${address(4)},${(1n << 256n).toString()}`, // 9 wider than uint256
      `${address(5)},42`, // 10 ok
    ]
    writeFileSync(path.join(dir, 'bad.csv'), `${lines.join('\n')}\n`)
    const run = await arbor('build', '--in', 'bad.csv', '--out', 'bad.json')
    expect(run.code).not.toBe(0)
    expect(run.stdout).toBe('')
    const reported = run.stderr.split('\n').filter((line) => line.startsWith('bad.csv:'))
    expect(reported.map((line) => Number(line.split(':')[1]))).toEqual([3, 4, 5, 6, 7, 8, 9])
    expect(run.stderr).toMatch(/bad\.csv:3: invalid address "0x1234"/)
    expect(run.stderr).toMatch(/bad\.csv:6: expected 2 fields, found 3/)
    expect(run.stderr).toMatch(/bad\.csv:7: duplicate address .* \(first on line 2\)/)
    expect(run.stderr).toMatch(/bad\.csv:8: address \S+ has a bad checksum/)
    expect(run.stderr).toMatch(/bad\.csv:9: .*is over the largest uint256/)
    expect(run.stderr).toMatch(/7 bad rows; nothing written/)
    expect(existsSync(path.join(dir, 'bad.json'))).toBe(false)
    expect(readdirSync(dir).filter((name) => name.startsWith('bad.json'))).toEqual([])
  })

  it('a bad header or too many decimals is reported the same way', async () => {
    writeFileSync(path.join(dir, 'header.csv'), `wallet,amount\n${address(0)},1\n`)
    const header = await arbor('build', '--in', 'header.csv', '--out', 'header.json')
    expect(header.code).not.toBe(0)
    expect(header.stderr).toMatch(/header\.csv:1: the first line must be the header "address,amount"/)
    writeFileSync(path.join(dir, 'precise.csv'), `address,amount\n${address(0)},1.1234567\n`)
    const precise = await arbor('build', '--in', 'precise.csv', '--out', 'precise.json', '--decimals', '6')
    expect(precise.code).not.toBe(0)
    expect(precise.stderr).toMatch(/precise\.csv:2: amount 1\.1234567 has too many decimals: the token has 6/)
    expect(existsSync(path.join(dir, 'header.json')) || existsSync(path.join(dir, 'precise.json'))).toBe(false)
  })
})

describe('arbor tree verify and proof', () => {
  beforeAll(async () => {
    summary(await arbor('build', '--in', 'allocations.csv', '--out', 'good.json'))
  })

  it('verify passes on a good dump (Arbor-written or OpenZeppelin-written)', async () => {
    writeFileSync(path.join(dir, 'oz.json'), JSON.stringify(ozTree.dump()))
    const [ours, theirs] = await Promise.all([arbor('verify', '--in', 'good.json'), arbor('verify', '--in', 'oz.json')])
    expect(summary(ours)).toMatchObject({ root: ozTree.root, leaves: 25 })
    expect(summary(theirs)).toMatchObject({ root: ozTree.root, leaves: 25 })
  })

  it('verify fails on a tampered node, a tampered value, or a file that is not a tree', async () => {
    const dump = JSON.parse(readFileSync(path.join(dir, 'good.json'), 'utf8')) as {
      tree: string[]
      values: Array<{ value: string[]; treeIndex: number }>
    }
    const node = structuredClone(dump)
    node.tree[3] = `0x${'ab'.repeat(32)}`
    writeFileSync(path.join(dir, 'tampered-node.json'), JSON.stringify(node))
    const value = structuredClone(dump)
    value.values[4]!.value[2] = '999999'
    writeFileSync(path.join(dir, 'tampered-value.json'), JSON.stringify(value))
    writeFileSync(path.join(dir, 'garbage.json'), 'not json')
    const runs = await Promise.all(['tampered-node.json', 'tampered-value.json', 'garbage.json'].map((file) => arbor('verify', '--in', file)))
    for (const run of runs) {
      expect(run.code).not.toBe(0)
      expect(run.stdout).toBe('')
    }
    expect(runs[0]!.stderr).toMatch(/InvalidTreeDataError: Invalid tree data: node 3 does not match/)
    expect(runs[1]!.stderr).toMatch(/InvalidTreeDataError/)
    expect(runs[2]!.stderr).toMatch(/neither JSON nor an Arbor compact tree/)
  })

  it('proof --address and --value print proofs that verify', async () => {
    const i = 7
    const value = [String(i), rows[i]!.address, rows[i]!.amount]
    const [byAddress, byValue, missing] = await Promise.all([
      arbor('proof', '--in', 'good.json', '--address', rows[i]!.address.toLowerCase()),
      arbor('proof', '--in', 'good.json', '--value', JSON.stringify(value)),
      arbor('proof', '--in', 'good.json', '--address', address(999)),
    ])
    expect(byAddress.code).toBe(0)
    const a = JSON.parse(byAddress.stdout) as { root: string; index: number; value: string[]; proof: string[] }
    expect(a).toMatchObject({ root: ozTree.root, index: i, value })
    expect(a.proof).toEqual(ozTree.getProof(i))
    expect(StandardMerkleTree.verify(ozTree.root, encoding, value, a.proof)).toBe(true)
    expect(byValue.code).toBe(0)
    const v = JSON.parse(byValue.stdout) as { root: string; proof: string[] }
    expect(v.root).toBe(ozTree.root)
    expect(verifyProof(ozTree.root, encoding, value, v.proof)).toBe(true)
    expect(v.proof).toEqual(a.proof)
    expect(missing.code).not.toBe(0)
    expect(missing.stderr).toMatch(/is not in the tree/)
  })
})

describe('arbor tree verify and proof on dumps OpenZeppelin tolerates', () => {
  it('load a repeated leaf, a wrong checksum and uint88[] columns, printing the warnings', async () => {
    const [a1, a2] = [address(1), address(2)]
    const wrongCase = `0x${[...a2.slice(2)].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('')}`
    const values = [[a1, '5', ['1', '2']], [a2, '5', []], [a1, '5', ['1', '2']]]
    const oz = StandardMerkleTree.of(values, ['address', 'uint88', 'uint88[]'])
    const dump = JSON.parse(JSON.stringify(oz.dump())) as { values: Array<{ value: unknown[] }> }
    dump.values.find((v) => v.value[0] === a2)!.value[0] = wrongCase
    writeFileSync(path.join(dir, 'tolerated.json'), JSON.stringify(dump))
    const verified = await arbor('verify', '--in', 'tolerated.json')
    expect(verified.code).toBe(0)
    expect(JSON.parse(verified.stdout.trim().split('\n').at(-1)!)).toMatchObject({ root: oz.root, leaves: 3 })
    expect(verified.stderr).toMatch(/warning: Invalid leaf value \d, column 0 \(address\): address checksum mismatch/)
    expect(verified.stderr).toMatch(/warning: Duplicate leaf: value 2 repeats value 0/)
    const proved = await arbor('proof', '--in', 'tolerated.json', '--value', JSON.stringify(values[1]))
    expect(proved.code).toBe(0)
    expect((JSON.parse(proved.stdout) as { proof: string[] }).proof).toEqual(oz.getProof(1))
  })
})

describe('--format compact', () => {
  it('round-trips through build, verify and proof', async () => {
    summary(await arbor('build', '--in', 'allocations.csv', '--out', 'tree.bin', '--format', 'compact'))
    expect(readFileSync(path.join(dir, 'tree.bin')).toString('latin1', 0, 7)).toBe('ARBORMT')
    const i = 12
    const value = [String(i), rows[i]!.address, rows[i]!.amount]
    const [verified, byAddress, byValue] = await Promise.all([
      arbor('verify', '--in', 'tree.bin'),
      arbor('proof', '--in', 'tree.bin', '--address', rows[i]!.address),
      arbor('proof', '--in', 'tree.bin', '--value', JSON.stringify(value)),
    ])
    expect(summary(verified)).toMatchObject({ root: ozTree.root, leaves: 25 })
    for (const run of [byAddress, byValue]) {
      expect(run.code).toBe(0)
      const out = JSON.parse(run.stdout) as { root: string; proof: string[] }
      expect(out.root).toBe(ozTree.root)
      expect(out.proof).toEqual(ozTree.getProof(i))
      expect(StandardMerkleTree.verify(ozTree.root, encoding, value, out.proof)).toBe(true)
    }
    const tampered = readFileSync(path.join(dir, 'tree.bin'))
    tampered[tampered.length - 1]! ^= 1 // the last value's amount
    writeFileSync(path.join(dir, 'tampered.bin'), tampered)
    const [bad, pathOnly] = await Promise.all([
      arbor('verify', '--in', 'tampered.bin'),
      arbor('proof', '--in', 'tampered.bin', '--value', JSON.stringify(value)),
    ])
    expect(bad.code).not.toBe(0)
    expect(bad.stderr).toMatch(/InvalidTreeDataError/)
    // a proof reads only its own path (O(log n)), checked against the root: another leaf's damage is not seen
    expect(pathOnly.code).toBe(0)
    expect((JSON.parse(pathOnly.stdout) as { proof: string[] }).proof).toEqual(ozTree.getProof(i))
  })
})
