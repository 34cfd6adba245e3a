/**
 * One measured run in a fresh process (so peak RSS is this run's): `case.ts <arbor|oz|cli> <n>`.
 * Values are `[index, checksummed address, amount]` strings, made before the clock starts.
 * Prints one JSON line: { impl, n, ms, peakRssMb, root }.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { StandardMerkleTree } from '@openzeppelin/merkle-tree'
import { buildTreeParallel, checksumAddress, closeHashWorkers } from '../../lib/merkle'

const [impl = 'arbor', nText = '100000'] = process.argv.slice(2)
const n = Number(nText)
const encoding = ['uint256', 'address', 'uint256']

function makeValues(count: number): string[][] {
  const values = new Array<string[]>(count)
  for (let i = 0; i < count; i++) {
    const address = checksumAddress(`0x${((i * 2654435761) % 2 ** 32).toString(16).padStart(8, '0')}${i.toString(16).padStart(32, '0')}`)
    values[i] = [String(i), address, `${(i % 997) + 1}000000000000000000`]
  }
  return values
}

let ms: number
let root: string
if (impl === 'cli') {
  const dir = mkdtempSync(join(tmpdir(), 'arbor-bench-'))
  const csv = join(dir, 'allocations.csv')
  writeFileSync(csv, `address,amount\n${makeValues(n).map((v) => `${v[1]},${v[2]}`).join('\n')}\n`)
  const started = performance.now()
  const out = execFileSync(process.execPath, ['scripts/arbor.js', 'tree', 'build', '--in', csv, '--out', join(dir, 'tree.json')], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  })
  ms = performance.now() - started
  root = (JSON.parse(out.trim().split('\n').at(-1)!) as { root: string }).root
  rmSync(dir, { recursive: true, force: true })
} else {
  const values = makeValues(n)
  const started = performance.now()
  if (impl === 'oz') {
    root = StandardMerkleTree.of(values, encoding).root
  } else {
    root = (await buildTreeParallel({ values, leafEncoding: encoding })).root
  }
  ms = performance.now() - started
  await closeHashWorkers()
}
// maxRSS is the child's peak in KiB (for `cli`, the largest of this process and the CLI child)
const peakRssMb = Math.round(Math.max(process.resourceUsage().maxRSS, 0) / 1024)
process.stdout.write(`${JSON.stringify({ impl, n, ms: Math.round(ms), peakRssMb, root })}\n`)
