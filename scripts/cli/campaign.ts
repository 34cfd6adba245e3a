/**
 * `arbor campaign export`: a thin CLI over lib/airdrop. Writes what recipients need to claim
 * without Arbor; the last stdout line is JSON `{ campaignId, root, contentHash, recipients, out }`.
 */
import { createWriteStream } from 'node:fs'
import { once } from 'node:events'
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { exportCampaign } from '../../lib/airdrop/export-campaign'
import { getDatabase } from '../../lib/db/get-database'
import { reportError } from './report-error'

const USAGE = `Usage:
  arbor campaign export --campaign <id> --out <dir>
    writes <dir>/dump.json (OpenZeppelin standard-v1; keccak256 of its bytes = contentHash),
    <dir>/proofs/<first 2 hex of the address>.json ({ [address]: { index, amount, proof } })
    and <dir>/manifest.json. Database from DATABASE_URL.`

export async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  if (command !== 'export') {
    process.stderr.write(`${command && command !== '--help' ? `Unknown command: campaign ${command}\n` : ''}${USAGE}\n`)
    return command === undefined || command === '--help' ? 0 : 2
  }
  let values: { campaign?: string; out?: string }
  try {
    ;({ values } = parseArgs({ args: rest, options: { campaign: { type: 'string' }, out: { type: 'string' } }, strict: true }))
    if (!values.campaign || !values.out) throw new Error('--campaign and --out are required')
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`)
    return 2
  }
  const database = getDatabase()
  try {
    const exported = await exportCampaign(database.db, { campaignId: values.campaign })
    const out = path.resolve(values.out)
    await mkdir(path.join(out, 'proofs'), { recursive: true })
    const dump = createWriteStream(path.join(out, 'dump.json'))
    for (const piece of exported.dumpJson()) if (!dump.write(piece)) await once(dump, 'drain')
    dump.end()
    await once(dump, 'finish')
    for (const name of exported.chunkNames) {
      await writeFile(path.join(out, 'proofs', `${name}.json`), JSON.stringify(exported.proofChunk(name)))
    }
    const manifest = {
      campaignId: exported.campaignId,
      root: exported.root,
      contentHash: exported.contentHash,
      contentHashOf: 'keccak256(bytes of dump.json)',
      leafEncoding: exported.leafEncoding,
      recipients: exported.recipients,
      dump: 'dump.json',
      proofs: exported.chunkNames.map((name) => `proofs/${name}.json`),
    }
    await writeFile(path.join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`)
    process.stderr.write(`exported ${exported.recipients} recipients in ${exported.chunkNames.length} proof chunks to ${out}\n`)
    process.stdout.write(`${JSON.stringify({ campaignId: exported.campaignId, root: exported.root, contentHash: exported.contentHash, recipients: exported.recipients, out })}\n`)
    return 0
  } catch (error) {
    return reportError(error)
  } finally {
    await database.close()
  }
}
