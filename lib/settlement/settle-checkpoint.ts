import type { Address } from 'viem'
import type { SqlClient } from '../db/types'
import { createCheckpoint, type CreateCheckpointReturnType } from './create-checkpoint'
import { postCheckpoints, type PostCheckpointsReturnType, type SettlementClients } from './post-checkpoints'

export type SettleCheckpointParameters = {
  /** Where to post; without it (or without clients) checkpoints stay pending. */
  settlement?: { address: Address; clients: SettlementClients }
}

export type SettleCheckpointReturnType = { created: CreateCheckpointReturnType; posted: PostCheckpointsReturnType; pending: boolean }

/** One settlement step: a checkpoint over the batches since the last one, then every pending checkpoint posted. */
export async function settleCheckpoint(sql: SqlClient, { settlement }: SettleCheckpointParameters = {}): Promise<SettleCheckpointReturnType> {
  const created = await createCheckpoint(sql)
  if (!settlement) return { created, posted: [], pending: created !== null }
  const posted = await postCheckpoints(sql, settlement.clients, { settlement: settlement.address })
  return { created, posted, pending: false }
}
