import {
  BaseError as ViemBaseError,
  parseEventLogs,
  TransactionNotFoundError,
  TransactionReceiptNotFoundError,
  type Address,
  type Hex,
  type TransactionReceipt,
} from 'viem'
import type { ChainClients } from '../chain/clients'
import { arborDistributorAbi } from '../chain/contracts'
import type { SqlClient } from '../db/types'
import { NotFoundError } from '../errors'

export type RelayClients = Pick<ChainClients, 'publicClient' | 'walletClient'>

export type RelayBatchSummary = {
  id: number
  campaignId: string
  txHash: Hex
  /** `submitted`: not settled yet (the node could not be reached); the next run picks it up. */
  status: 'submitted' | 'confirmed' | 'failed'
  claimCount: number
  paid: number
  /** Skipped with `AlreadyClaimed`: the index was claimed directly; marked confirmed, kind direct. */
  alreadyClaimed: number
  /** Skipped for any other reason (expired, bad signature): deleted so the account can sign again. */
  released: number
  /** Wei of gas the transaction used, once mined. */
  gasUsed: bigint | null
  /** Why it is still submitted, or failed. */
  error?: string
}

export type SettleRelayBatchParameters = {
  batchId: number
  /** Broadcast attempts when the node errs; default 5, 200 ms apart, doubling. */
  attempts?: number
  retryDelayMs?: number
  /** How long to wait for the receipt, ms; default 120 000. */
  receiptTimeoutMs?: number
}

type BatchRow = {
  id: number
  campaign_id: string
  distributor: Address
  tx_hash: Hex
  raw_transaction: Hex
  claim_ids: string[]
  claim_count: number
}

const skipReasons = ['already claimed', 'signature expired', 'invalid signature'] as const

function messageOf(error: unknown): string {
  return error instanceof ViemBaseError ? `${error.shortMessage} ${error.details ?? ''}` : String(error)
}

async function findReceipt(publicClient: RelayClients['publicClient'], hash: Hex): Promise<TransactionReceipt | undefined> {
  try {
    return await publicClient.getTransactionReceipt({ hash })
  } catch (error) {
    if (error instanceof TransactionReceiptNotFoundError) return undefined
    throw error
  }
}

async function isKnown(publicClient: RelayClients['publicClient'], hash: Hex): Promise<boolean> {
  try {
    await publicClient.getTransaction({ hash })
    return true
  } catch (error) {
    if (error instanceof TransactionNotFoundError) return false
    throw error
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Brings a stored relay batch to its end state, never submitting a second transaction: its signed
 * bytes were stored (with their hash and nonce) before the first broadcast, so it looks the hash up
 * first and broadcasts only the same bytes again (same hash) when the node does not know them. The
 * broadcast itself is never retried blindly (`retryCount: 0`): after an error the hash is looked up.
 *
 * Then, from the receipt: paid claims become `confirmed`; a claim `claimMany` skipped as
 * `AlreadyClaimed` is `confirmed` with kind `direct` (its index was claimed on chain directly); any
 * other skip (expired, invalid signature) deletes the claim row, releasing `(campaign, index)` so the
 * account can sign again; a reverted or dropped transaction puts its claims back to `pending`.
 * Returns status `submitted` (and `error`) when the node cannot be reached: run again later.
 */
export async function settleRelayBatch(
  sql: SqlClient,
  { publicClient }: RelayClients,
  { batchId, attempts = 5, retryDelayMs = 200, receiptTimeoutMs = 120_000 }: SettleRelayBatchParameters,
): Promise<RelayBatchSummary> {
  const { rows: [batch] } = await sql.query<BatchRow>(
    `SELECT r.id, r.campaign_id::text AS campaign_id, c.distributor_address AS distributor, r.tx_hash, r.raw_transaction,
            r.claim_ids::text[] AS claim_ids, r.claim_count
     FROM relay_batches r JOIN campaigns c ON c.id = r.campaign_id WHERE r.id = $1`,
    [batchId],
  )
  if (!batch) throw new NotFoundError(`relay batch ${batchId} does not exist`, { batchId })
  const base = { id: batch.id, campaignId: batch.campaign_id, txHash: batch.tx_hash, claimCount: batch.claim_count, paid: 0, alreadyClaimed: 0, released: 0, gasUsed: null }
  const pendingAgain = async (status: 'failed', error: string): Promise<RelayBatchSummary> => {
    await sql.transaction(async (tx) => {
      await tx.query(`UPDATE claims SET status = 'pending', tx_hash = NULL WHERE id = ANY($1::uuid[]) AND status = 'submitted'`, [batch.claim_ids])
      await tx.query(`UPDATE relay_batches SET status = $2::relay_batch_status, error = $3 WHERE id = $1`, [batch.id, status, error])
    })
    return { ...base, status, error }
  }

  let receipt = await findReceipt(publicClient, batch.tx_hash).catch(() => undefined)
  if (!receipt) {
    let lastError: string | undefined
    for (let attempt = 0; attempt < attempts; attempt++) {
      try {
        if (await isKnown(publicClient, batch.tx_hash)) {
          lastError = undefined
          break
        }
        await publicClient.request({ method: 'eth_sendRawTransaction', params: [batch.raw_transaction] }, { retryCount: 0 })
        lastError = undefined
        break
      } catch (error) {
        const message = messageOf(error)
        if (/already known|known transaction|already imported/i.test(message)) {
          lastError = undefined
          break
        }
        if (/nonce too low|nonce.*(lower|too small)/i.test(message)) {
          // The nonce was used: by these very bytes (then the receipt is there) or by another transaction.
          receipt = await findReceipt(publicClient, batch.tx_hash)
          if (receipt) break
          return pendingAgain('failed', 'dropped: its nonce was used by another transaction')
        }
        lastError = message
        await sleep(retryDelayMs * 2 ** attempt)
      }
    }
    if (lastError !== undefined) return { ...base, status: 'submitted', error: lastError }
    if (!receipt) {
      try {
        receipt = await publicClient.waitForTransactionReceipt({ hash: batch.tx_hash, timeout: receiptTimeoutMs })
      } catch (error) {
        return { ...base, status: 'submitted', error: messageOf(error) }
      }
    }
  }

  if (receipt.status !== 'success') return pendingAgain('failed', 'the transaction reverted')

  const skipped = parseEventLogs({ abi: arborDistributorAbi, eventName: 'ClaimSkipped', logs: receipt.logs }).filter(
    (log) => log.address.toLowerCase() === batch.distributor.toLowerCase(),
  )
  const direct: string[] = []
  const released: { claimId: string; index: string; reason: string }[] = []
  for (const { args } of skipped) {
    const claimId = batch.claim_ids[Number(args.position)]
    if (!claimId) continue
    if (args.reason === 0) direct.push(claimId)
    else released.push({ claimId, index: args.index.toString(), reason: skipReasons[args.reason] ?? `reason ${args.reason}` })
  }
  const skippedIds = new Set([...direct, ...released.map((r) => r.claimId)])
  const paidIds = batch.claim_ids.filter((id) => !skippedIds.has(id))
  await sql.transaction(async (tx) => {
    await tx.query(`UPDATE claims SET status = 'confirmed' WHERE id = ANY($1::uuid[])`, [paidIds])
    await tx.query(`UPDATE claims SET status = 'confirmed', kind = 'direct', tx_hash = NULL WHERE id = ANY($1::uuid[])`, [direct])
    const { rows: gone } = await tx.query<{ id: string; account: string }>(
      'DELETE FROM claims WHERE id = ANY($1::uuid[]) RETURNING id::text AS id, account',
      [released.map((r) => r.claimId)],
    )
    const accountOf = new Map(gone.map((row) => [row.id, row.account]))
    await tx.query(
      `UPDATE relay_batches SET status = 'confirmed', paid_count = $2, already_claimed_count = $3, released_count = $4, released = $5::jsonb,
              gas_used = $6, block_number = $7, confirmed_at = now(), error = NULL
       WHERE id = $1`,
      [
        batch.id,
        paidIds.length,
        direct.length,
        released.length,
        JSON.stringify(released.map((r) => ({ ...r, account: accountOf.get(r.claimId) ?? null }))),
        receipt.gasUsed.toString(),
        receipt.blockNumber.toString(),
      ],
    )
  })
  return { ...base, status: 'confirmed', paid: paidIds.length, alreadyClaimed: direct.length, released: released.length, gasUsed: receipt.gasUsed }
}
