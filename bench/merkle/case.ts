/**
 * One measured run in a fresh process (so peak RSS is this run's): `case.ts <arbor|oz|cli> <n>`.
 * Values are `[index, checksummed address, amount]`, made before the clock starts: the index a
 * number (as a caller numbering allocations has it), address and amount flat strings as a parser
 * produces them (a concatenated "cons" string is copied flat by whichever library first reads its
 * characters: 40 MB a million, charged to the build). The CLI case holds all three as strings.
 * Prints one JSON line: { impl, n, ms, peakRssMb, root }.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildTreeParallel, checksumAddress, closeHashWorkers } from '../../lib/merkle'

const [impl = 'arbor', nText = '100000'] = process.argv.slice(2)
const n = Number(nText)
const encoding = ['uint256', 'address', 'uint256']

function makeValues(count: number): Array<[number, string, string]> {
  const values = new Array<[number, string, string]>(count)
  for (let i = 0; i < count; i++) {
    const address = checksumAddress(`0x${((i * 2654435761) % 2 ** 32).toString(16).padStart(8, '0')}${i.toString(16).padStart(32, '0')}`)
    values[i] = [i, address, (BigInt((i % 997) + 1) * 10n ** 18n).toString()]
  }
  return values
}

let ms: number
let root: string
let cliPeakKb = 0
if (impl === 'cli') {
  const dir = mkdtempSync(join(tmpdir(), 'arbor-bench-'))
  const csv = join(dir, 'allocations.csv')
  writeFileSync(csv, `address,amount\n${makeValues(n).map((v) => `${v[1]},${v[2]}`).join('\n')}\n`)
  const command = [process.execPath, 'scripts/arbor.js', 'tree', 'build', '--in', csv, '--out', join(dir, 'tree.json')]
  // GNU time reports the CLI process's own peak RSS (this process's resourceUsage cannot see it)
  const timed = existsSync('/usr/bin/time') ? ['/usr/bin/time', '-f', 'maxrss-kb %M', ...command] : command
  const started = performance.now()
  const result = spawnSync(timed[0]!, timed.slice(1), { encoding: 'utf8', maxBuffer: 1 << 20 })
  ms = performance.now() - started
  if (result.status !== 0) throw new Error(`arbor tree build failed: ${result.stderr}`)
  const out = result.stdout
  cliPeakKb = Number(/maxrss-kb (\d+)/.exec(result.stderr)?.[1] ?? 0)
  root = (JSON.parse(out.trim().split('\n').at(-1)!) as { root: string }).root
  rmSync(dir, { recursive: true, force: true })
} else {
  const values = makeValues(n)
  const started = performance.now()
  if (impl === 'oz') {
    // loaded only here, so Arbor's runs do not carry OpenZeppelin's modules (about 10 MB)
    const { StandardMerkleTree } = await import('@openzeppelin/merkle-tree')
    root = StandardMerkleTree.of(values, encoding).root
  } else {
    root = (await buildTreeParallel({ values, leafEncoding: encoding })).root
  }
  ms = performance.now() - started
  await closeHashWorkers()
}
// maxRSS is this process's peak in KiB; for `cli`, the CLI process's peak as GNU time saw it
const peakRssMb = Math.round((impl === 'cli' && cliPeakKb > 0 ? cliPeakKb : process.resourceUsage().maxRSS) / 1024)
process.stdout.write(`${JSON.stringify({ impl, n, ms: Math.round(ms), peakRssMb, root })}\n`)
