/**
 * `arbor settle checkpoint | proposals`: a thin CLI over lib/settlement and
 * lib/governance/settlement.
 * - `checkpoint` roots the intake batches since the last checkpoint and posts every pending
 *   checkpoint to ArborSettlement.postCheckpoint; without a settlement address and settler key the
 *   checkpoint is recorded as pending.
 * - `proposals` settles every proposal past its end (and the grace) with
 *   ArborSettlement.settleProposal: safe to run again and at the same time as another settler (a
 *   proposal is posted once; a stored transaction is finished from its bytes).
 * Last stdout line: JSON.
 */
import { parseArgs } from 'node:util'
import { getDatabase } from '../../lib/db/get-database'
import { getProposalSettler } from '../../lib/governance/settlement/get-proposal-settler'
import { settleProposals } from '../../lib/governance/settlement/settle-proposals'
import { getSettlementTarget } from '../../lib/settlement/get-settlement-clients'
import { settleCheckpoint } from '../../lib/settlement/settle-checkpoint'
import { reportError } from './report-error'

const USAGE = `Usage:
  arbor settle checkpoint [--settlement 0x...] [--private-key 0x...] [--rpc-url URL] [--chain-id N]
  arbor settle proposals  [--settlement 0x...] [--private-key 0x...] [--rpc-url URL] [--chain-id N] [--proposal UUID] [--grace-ms N]
    (defaults: SETTLEMENT_ADDRESS, SETTLER_PRIVATE_KEY, RPC_URL, CHAIN_ID; database from DATABASE_URL)`

type Values = { settlement?: string; 'private-key'?: string; 'rpc-url'?: string; 'chain-id'?: string; proposal?: string; 'grace-ms'?: string }

export async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  if (command !== 'checkpoint' && command !== 'proposals') {
    process.stderr.write(`${command && command !== '--help' ? `Unknown command: settle ${command}\n` : ''}${USAGE}\n`)
    return command === undefined || command === '--help' ? 0 : 2
  }
  let values: Values
  try {
    ;({ values } = parseArgs({
      args: rest,
      options: {
        settlement: { type: 'string' },
        'private-key': { type: 'string' },
        'rpc-url': { type: 'string' },
        'chain-id': { type: 'string' },
        ...(command === 'proposals' ? { proposal: { type: 'string' as const }, 'grace-ms': { type: 'string' as const } } : {}),
      },
    }) as { values: Values })
    if (values['grace-ms'] !== undefined && !/^\d+$/.test(values['grace-ms'])) throw new Error('--grace-ms must be a whole number of milliseconds')
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`)
    return 2
  }
  const overrides = {
    address: values.settlement,
    privateKey: values['private-key'],
    rpcUrl: values['rpc-url'],
    chainId: values['chain-id'] === undefined ? undefined : Number(values['chain-id']),
  }
  const database = getDatabase()
  try {
    return command === 'checkpoint' ? await checkpoint(database.sql, overrides) : await proposals(database.sql, overrides, values)
  } catch (error) {
    return reportError(error)
  } finally {
    await database.close()
  }
}

async function checkpoint(sql: ReturnType<typeof getDatabase>['sql'], overrides: Parameters<typeof getSettlementTarget>[0]): Promise<number> {
  const result = await settleCheckpoint(sql, { settlement: getSettlementTarget(overrides) })
  if (result.created) process.stderr.write(`checkpoint ${result.created.seq}: ${result.created.batchCount} batches, root ${result.created.root}\n`)
  else process.stderr.write('no new batches since the last checkpoint\n')
  for (const posted of result.posted) process.stderr.write(`posted checkpoint ${posted.seq} in ${posted.txHash}\n`)
  if (result.pending) process.stderr.write('no SETTLEMENT_ADDRESS / SETTLER_PRIVATE_KEY: the checkpoint stays pending\n')
  process.stdout.write(`${JSON.stringify(result)}\n`)
  return 0
}

async function proposals(sql: ReturnType<typeof getDatabase>['sql'], overrides: Parameters<typeof getProposalSettler>[0], values: Values): Promise<number> {
  const settler = getProposalSettler(overrides)
  if (!settler) {
    process.stderr.write('SETTLEMENT_ADDRESS and SETTLER_PRIVATE_KEY (or --settlement and --private-key) are required to settle proposals\n')
    return 2
  }
  const result = await settleProposals(sql, settler.clients, {
    settlement: settler.settlement,
    proposalId: values.proposal,
    graceMs: values['grace-ms'] === undefined ? undefined : Number(values['grace-ms']),
  })
  if (result.settled.length === 0 && result.errors.length === 0) process.stderr.write('no proposal is waiting to be settled\n')
  for (const s of result.settled) {
    process.stderr.write(`proposal ${s.proposalId}: ${s.status}, ${s.voteCount} votes, root ${s.votesRoot}, outcome ${s.outcome}${s.txHash ? `, tx ${s.txHash}` : ''}${s.error ? ` (${s.error})` : ''}\n`)
  }
  for (const e of result.errors) process.stderr.write(`proposal ${e.proposalId}: ${e.message}\n`)
  process.stdout.write(`${JSON.stringify(result)}\n`)
  return result.errors.length > 0 || result.settled.some((s) => s.status === 'failed' || s.status === 'submitted') ? 1 : 0
}
