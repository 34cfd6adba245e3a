/**
 * `arbor tree build|verify|proof`: a thin CLI over lib/merkle.
 * The last stdout line of build and verify is JSON `{"root","leaves","ms"}`; errors go to stderr.
 */
import { createReadStream, createWriteStream } from 'node:fs'
import { open, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { once } from 'node:events'
import { parseArgs } from 'node:util'
import {
  buildTreeParallel,
  closeHashWorkers,
  decodeCompactTreeParallel,
  encodeCompactTree,
  findCompactProof,
  findCompactValueIndices,
  findValueIndices,
  getProof,
  InvalidTreeDataError,
  loadStandardTreeParallel,
  readCompactHeader,
  readCompactValue,
  standardDumpChunks,
  type BuildProgress,
  type CompactReader,
  type MerkleTree,
  type TreeWarning,
} from '../../lib/merkle'
import { ALLOCATION_LEAF_ENCODING, allocationLeafValues } from '../../lib/airdrop/allocation-leaves'
import { parseAllocations } from '../../lib/airdrop/parse-allocations'
import { reportError } from './report-error'

const USAGE = `Usage:
  arbor tree build  --in allocations.csv --out tree.json [--decimals N] [--duplicates reject|sum] [--format oz|compact]
  arbor tree verify --in tree.json
  arbor tree proof  --in tree.json (--value '["0","0xabc...","1000"]' | --address 0x...)`

class UsageError extends Error {}

export async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  try {
    if (command === 'build') return await build(rest)
    if (command === 'verify') return await verify(rest)
    if (command === 'proof') return await proof(rest)
    process.stderr.write(`${command && command !== '--help' ? `Unknown command: tree ${command}\n` : ''}${USAGE}\n`)
    return command === undefined || command === '--help' ? 0 : 2
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n${USAGE}\n`)
      return 2
    }
    return reportError(error)
  } finally {
    await closeHashWorkers()
  }
}

function options(argv: string[], spec: Record<string, { type: 'string' }>) {
  try {
    return parseArgs({ args: argv, options: spec, strict: true }).values as Record<string, string | undefined>
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
}

function progressReporter(label: string): ((progress: BuildProgress) => void) | undefined {
  if (!process.stderr.isTTY) return undefined
  let last = 0
  return ({ phase, done, total }) => {
    const now = Date.now()
    if (now - last < 100 && done < total) return
    last = now
    process.stderr.write(`\r${label}: ${phase} ${Math.floor((100 * done) / Math.max(1, total))}%   `)
    if (phase === 'nodes' && done >= total) process.stderr.write('\n')
  }
}

// ---- build ----------------------------------------------------------------------------------

async function writeAtomically(path: string, write: (file: string) => Promise<void>): Promise<void> {
  const temp = `${path}.tmp-${process.pid}`
  try {
    await write(temp)
    await rename(temp, path)
  } catch (error) {
    await rm(temp, { force: true })
    throw error
  }
}

async function writeChunks(path: string, chunks: Iterable<string>): Promise<void> {
  const stream = createWriteStream(path)
  for (const chunk of chunks) {
    if (!stream.write(chunk)) await once(stream, 'drain')
  }
  stream.end()
  await once(stream, 'finish')
}

async function build(argv: string[]): Promise<number> {
  const started = performance.now()
  const args = options(argv, {
    in: { type: 'string' },
    out: { type: 'string' },
    decimals: { type: 'string' },
    duplicates: { type: 'string' },
    format: { type: 'string' },
  })
  if (!args.in || !args.out) throw new UsageError('build needs --in and --out')
  const format = args.format ?? 'oz'
  if (format !== 'oz' && format !== 'compact') throw new UsageError(`--format must be oz or compact, not ${format}`)
  const duplicates = args.duplicates ?? 'reject'
  if (duplicates !== 'reject' && duplicates !== 'sum') throw new UsageError(`--duplicates must be reject or sum, not ${duplicates}`)
  const decimals = args.decimals === undefined ? undefined : Number(args.decimals)
  if (decimals !== undefined && !(Number.isInteger(decimals) && decimals >= 0 && decimals <= 77)) {
    throw new UsageError('--decimals must be an integer from 0 to 77')
  }
  const parsed = await parseAllocations(createReadStream(args.in), { decimals, duplicates })
  if (parsed.errorCount > 0) {
    for (const { line, reason } of parsed.errors) process.stderr.write(`${args.in}:${line}: ${reason}\n`)
    process.stderr.write(`${parsed.errorCount} bad row${parsed.errorCount === 1 ? '' : 's'}; nothing written\n`)
    return 1
  }
  const tree = await buildTreeParallel({
    values: allocationLeafValues(parsed),
    leafEncoding: ALLOCATION_LEAF_ENCODING,
    onProgress: progressReporter('build'),
  })
  await writeAtomically(args.out, async (file) => {
    if (format === 'oz') await writeChunks(file, standardDumpChunks(tree))
    else await writeFile(file, encodeCompactTree(tree))
  })
  printSummary(tree, started)
  return 0
}

function printSummary(tree: MerkleTree, started: number): void {
  process.stdout.write(`${JSON.stringify({ root: tree.root, leaves: tree.values.length, ms: Math.round(performance.now() - started) })}\n`)
}

// ---- verify / proof ---------------------------------------------------------------------------

async function isCompactFile(path: string): Promise<boolean> {
  const handle = await open(path, 'r')
  try {
    const magic = Buffer.alloc(7)
    await handle.read(magic, 0, 7, 0)
    return magic.toString('latin1') === 'ARBORMT'
  } finally {
    await handle.close()
  }
}

async function loadAny(path: string): Promise<MerkleTree> {
  const onProgress = progressReporter('verify')
  if (await isCompactFile(path)) return decodeCompactTreeParallel(await readFile(path), { onProgress })
  let data: unknown
  try {
    data = JSON.parse(await readFile(path, 'utf8'))
  } catch (error) {
    throw new UsageError(`${path} is neither JSON nor an Arbor compact tree: ${(error as Error).message}`)
  }
  const tree = await loadStandardTreeParallel(data, { onProgress })
  printWarnings(tree.warnings)
  return tree
}

/** What OpenZeppelin tolerates in a dump (a repeated leaf, a bad checksum): loaded, and said so. */
function printWarnings(warnings: readonly TreeWarning[]): void {
  const shown = 20
  for (const warning of warnings.slice(0, shown)) process.stderr.write(`warning: ${warning.message}\n`)
  if (warnings.length > shown) process.stderr.write(`warning: ... and ${warnings.length - shown} more\n`)
}

/** Random access to a compact file: a proof reads O(log n) nodes instead of the whole tree. */
async function withCompactReader<T>(path: string, body: (read: CompactReader) => Promise<T>): Promise<T> {
  const handle = await open(path, 'r')
  try {
    return await body(async (offset, length) => {
      const buffer = Buffer.alloc(length)
      const { bytesRead } = await handle.read(buffer, 0, length, offset)
      if (bytesRead !== length) throw new InvalidTreeDataError('truncated tree', { offset, length })
      return buffer
    })
  } finally {
    await handle.close()
  }
}

async function verify(argv: string[]): Promise<number> {
  const started = performance.now()
  const args = options(argv, { in: { type: 'string' } })
  if (!args.in) throw new UsageError('verify needs --in')
  printSummary(await loadAny(args.in), started)
  return 0
}

async function proof(argv: string[]): Promise<number> {
  const args = options(argv, { in: { type: 'string' }, value: { type: 'string' }, address: { type: 'string' } })
  if (!args.in || (args.value === undefined) === (args.address === undefined)) {
    throw new UsageError('proof needs --in and one of --value or --address')
  }
  let value: unknown
  if (args.value !== undefined) {
    try {
      value = JSON.parse(args.value)
    } catch {
      throw new UsageError('--value must be a JSON array, e.g. \'["0","0xabc...","1000"]\'')
    }
    if (!Array.isArray(value)) throw new UsageError('--value must be a JSON array')
  }
  type Proof = { root: string; index?: number; value: unknown; proof: string[] }
  let proofs: Proof[]
  if (await isCompactFile(args.in)) {
    proofs = await withCompactReader(args.in, async (read) => {
      if (value !== undefined) {
        const found = await findCompactProof(read, value as unknown[])
        return [{ root: found.root, value, proof: found.proof }]
      }
      const column = addressColumn((await readCompactHeader(read)).leafEncoding)
      const indices = await findCompactValueIndices(read, column, args.address)
      return await Promise.all(
        indices.map(async (index) => {
          // found again by its leaf hash, which also checks the stored path against the root
          const stored = await readCompactValue(read, index)
          const found = await findCompactProof(read, stored)
          return { root: found.root, index, value: stored, proof: found.proof }
        }),
      )
    })
  } else {
    const tree = await loadAny(args.in)
    if (value !== undefined) {
      proofs = [{ root: tree.root, value, proof: getProof(tree, value as unknown[]) }]
    } else {
      const column = addressColumn(tree.leafEncoding)
      proofs = findValueIndices(tree, column, args.address).map((i) => ({ root: tree.root, index: i, value: tree.values[i], proof: getProof(tree, i) }))
    }
  }
  if (proofs.length === 0) {
    process.stderr.write(`address ${args.address} is not in the tree\n`)
    return 1
  }
  process.stdout.write(`${JSON.stringify(proofs.length === 1 ? proofs[0] : proofs)}\n`)
  return 0
}

function addressColumn(leafEncoding: readonly string[]): number {
  const column = leafEncoding.indexOf('address')
  if (column < 0) throw new UsageError('--address needs a tree with an address column')
  return column
}
