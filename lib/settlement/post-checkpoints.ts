import type { Account, Address, Chain, Hex, HttpTransport, PublicClient, WalletClient } from 'viem'
import { arborSettlementAbi } from '../chain/contracts/ArborSettlement'
import type { SqlQueryable } from '../db/types'
import { BaseError } from '../errors'

export type PostCheckpointsParameters = { settlement: Address }

export type PostCheckpointsReturnType = Array<{ seq: number; root: string; txHash: Hex }>

export type SettlementClients = {
  publicClient: Pick<PublicClient<HttpTransport, Chain>, 'readContract' | 'waitForTransactionReceipt'>
  walletClient: WalletClient<HttpTransport, Chain, Account>
}

export class CheckpointOutOfSyncError extends BaseError {
  override name = 'CheckpointOutOfSyncError'
  constructor(message: string, details?: Record<string, unknown>) {
    super(message, { code: 'conflict', details })
  }
}

/**
 * Posts pending checkpoints, in order, to `ArborSettlement.postCheckpoint(seq, root, count)` and
 * records each transaction once its receipt is in. `count` is the number of batches covered.
 */
export async function postCheckpoints(
  sql: SqlQueryable,
  { publicClient, walletClient }: SettlementClients,
  { settlement }: PostCheckpointsParameters,
): Promise<PostCheckpointsReturnType> {
  const { rows: pending } = await sql.query<{ id: number; seq: number; root: string; batch_count: number }>(
    "SELECT id, seq, root, batch_count FROM checkpoints WHERE status IN ('pending', 'failed') ORDER BY seq",
  )
  const posted: PostCheckpointsReturnType = []
  for (const checkpoint of pending) {
    const latest = await publicClient.readContract({ address: settlement, abi: arborSettlementAbi, functionName: 'latestCheckpointSeq' })
    if (BigInt(checkpoint.seq) !== latest + 1n) {
      throw new CheckpointOutOfSyncError(`checkpoint ${checkpoint.seq} cannot follow on-chain checkpoint ${latest} at ${settlement}`, {
        seq: checkpoint.seq,
        onChain: latest.toString(),
      })
    }
    const txHash = await walletClient.writeContract({
      address: settlement,
      abi: arborSettlementAbi,
      functionName: 'postCheckpoint',
      args: [BigInt(checkpoint.seq), checkpoint.root as Hex, BigInt(checkpoint.batch_count)],
    })
    await sql.query("UPDATE checkpoints SET status = 'submitted', tx_hash = $2 WHERE id = $1", [checkpoint.id, txHash])
    const receipt = await publicClient.waitForTransactionReceipt({ hash: txHash })
    const status = receipt.status === 'success' ? 'confirmed' : 'failed'
    await sql.query(`UPDATE checkpoints SET status = $2::settlement_status, confirmed_at = CASE WHEN $2 = 'confirmed' THEN now() END WHERE id = $1`, [
      checkpoint.id,
      status,
    ])
    if (status === 'failed') throw new BaseError(`postCheckpoint(${checkpoint.seq}) reverted`, { details: { txHash } })
    posted.push({ seq: checkpoint.seq, root: checkpoint.root, txHash })
  }
  return posted
}
