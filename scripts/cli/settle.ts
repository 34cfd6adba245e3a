/**
 * `arbor settle checkpoint`: a thin CLI over lib/settlement. Roots the intake batches since the
 * last checkpoint and posts every pending checkpoint to ArborSettlement.postCheckpoint; without a
 * settlement address and settler key the checkpoint is recorded as pending. Last stdout line: JSON.
 */
import { parseArgs } from 'node:util'
import { getDatabase } from '../../lib/db/get-database'
import { getSettlementTarget } from '../../lib/settlement/get-settlement-clients'
import { settleCheckpoint } from '../../lib/settlement/settle-checkpoint'
import { reportError } from './report-error'

const USAGE = `Usage:
  arbor settle checkpoint [--settlement 0x...] [--private-key 0x...] [--rpc-url URL] [--chain-id N]
    (defaults: SETTLEMENT_ADDRESS, SETTLER_PRIVATE_KEY, RPC_URL, CHAIN_ID; database from DATABASE_URL)`

export async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  if (command !== 'checkpoint') {
    process.stderr.write(`${command && command !== '--help' ? `Unknown command: settle ${command}\n` : ''}${USAGE}\n`)
    return command === undefined || command === '--help' ? 0 : 2
  }
  let values: { settlement?: string; 'private-key'?: string; 'rpc-url'?: string; 'chain-id'?: string }
  try {
    ;({ values } = parseArgs({
      args: rest,
      options: { settlement: { type: 'string' }, 'private-key': { type: 'string' }, 'rpc-url': { type: 'string' }, 'chain-id': { type: 'string' } },
    }))
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`)
    return 2
  }
  const database = getDatabase()
  try {
    const settlement = getSettlementTarget({
      address: values.settlement,
      privateKey: values['private-key'],
      rpcUrl: values['rpc-url'],
      chainId: values['chain-id'] === undefined ? undefined : Number(values['chain-id']),
    })
    const result = await settleCheckpoint(database.sql, { settlement })
    if (result.created) process.stderr.write(`checkpoint ${result.created.seq}: ${result.created.batchCount} batches, root ${result.created.root}\n`)
    else process.stderr.write('no new batches since the last checkpoint\n')
    for (const posted of result.posted) process.stderr.write(`posted checkpoint ${posted.seq} in ${posted.txHash}\n`)
    if (result.pending) process.stderr.write('no SETTLEMENT_ADDRESS / SETTLER_PRIVATE_KEY: the checkpoint stays pending\n')
    process.stdout.write(`${JSON.stringify(result)}\n`)
    return 0
  } catch (error) {
    return reportError(error)
  } finally {
    await database.close()
  }
}
