/**
 * `arbor relay claims`: a thin CLI over lib/airdrop. Settles pending gasless claims with
 * `claimMany`, batches split to fit the per-transaction gas cap; batches an earlier run left
 * unsettled are looked up first, never sent twice. Last stdout line: JSON.
 */
import { parseArgs } from 'node:util'
import { getRelayerClients } from '../../lib/airdrop/get-relayer-clients'
import { relayClaims } from '../../lib/airdrop/relay-claims'
import { relayOptionsSchema } from '../../lib/airdrop/schema'
import { getDatabase } from '../../lib/db/get-database'
import { reportError } from './report-error'

const USAGE = `Usage:
  arbor relay claims [--campaign ID] [--gas-cap N] [--max-batch N] [--private-key 0x...] [--rpc-url URL] [--chain-id N]
    (defaults: every campaign, gas cap 16777216, 200 claims a batch; RELAYER_PRIVATE_KEY, RPC_URL, CHAIN_ID;
     database from DATABASE_URL)`

export async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  if (command !== 'claims') {
    process.stderr.write(`${command && command !== '--help' ? `Unknown command: relay ${command}\n` : ''}${USAGE}\n`)
    return command === undefined || command === '--help' ? 0 : 2
  }
  let options: ReturnType<typeof relayOptionsSchema.parse>
  let values: { 'private-key'?: string; 'rpc-url'?: string; 'chain-id'?: string }
  try {
    const parsed = parseArgs({
      args: rest,
      options: {
        campaign: { type: 'string' },
        'gas-cap': { type: 'string' },
        'max-batch': { type: 'string' },
        'private-key': { type: 'string' },
        'rpc-url': { type: 'string' },
        'chain-id': { type: 'string' },
      },
    })
    values = parsed.values
    const checked = relayOptionsSchema.safeParse({ campaignId: parsed.values.campaign, gasCap: parsed.values['gas-cap'], maxBatchSize: parsed.values['max-batch'] })
    if (!checked.success) {
      const flagOf: Record<string, string> = { campaignId: '--campaign', gasCap: '--gas-cap', maxBatchSize: '--max-batch' }
      const [issue] = checked.error.issues
      throw new Error(`${flagOf[String(issue?.path[0])] ?? 'option'}: ${issue?.message ?? 'invalid'}`)
    }
    options = checked.data
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`)
    return 2
  }
  const database = getDatabase()
  try {
    const clients = getRelayerClients({
      privateKey: values['private-key'],
      rpcUrl: values['rpc-url'],
      chainId: values['chain-id'] === undefined ? undefined : Number(values['chain-id']),
    })
    const result = await relayClaims(database.sql, clients, options)
    for (const batch of result.batches) {
      process.stderr.write(
        `batch ${batch.id} ${batch.status} ${batch.txHash}: ${batch.claimCount} claims, ${batch.paid} paid, ` +
          `${batch.alreadyClaimed} already claimed directly, ${batch.released} released${batch.gasUsed === null ? '' : `, ${batch.gasUsed} gas`}` +
          `${batch.error ? ` (${batch.error})` : ''}\n`,
      )
    }
    if (result.batches.length === 0) process.stderr.write('no pending gasless claims\n')
    for (const failure of result.errors) process.stderr.write(`campaign ${failure.campaignId}: ${failure.message}\n`)
    process.stdout.write(`${JSON.stringify(result, (_, value) => (typeof value === 'bigint' ? value.toString() : value))}\n`)
    return result.errors.length > 0 ? 1 : 0
  } catch (error) {
    return reportError(error)
  } finally {
    await database.close()
  }
}
