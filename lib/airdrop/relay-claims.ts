import {
  BaseError as ViemBaseError,
  ContractFunctionRevertedError,
  encodeFunctionData,
  keccak256,
  type Address,
  type Hex,
} from 'viem'
import { arborDistributorAbi } from '../chain/contracts'
import type { SqlClient } from '../db/types'
import { getMultiProof } from '../merkle'
import { RelayCampaignError } from './errors'
import { loadPendingRelayClaims, type PendingRelayClaim } from './load-pending-relay-claims'
import { loadRelayTree, type LoadRelayTreeReturnType } from './load-relay-tree'
import { settleRelayBatch, type RelayBatchSummary, type RelayClients } from './settle-relay-batch'

/** EIP-7825 (Osaka): no transaction may use more than 2^24 gas. */
export const TRANSACTION_GAS_CAP = 16_777_216n

export type RelayClaimsParameters = {
  /** Only this campaign; default every campaign on the relayer's chain with pending gasless claims. */
  campaignId?: string
  /** Gas one transaction may use; default `TRANSACTION_GAS_CAP`. A batch whose estimate (+20%) exceeds it is halved. */
  gasCap?: bigint
  /** Claims per transaction before estimating; default 200. */
  maxBatchSize?: number
  /** Passed to `settleRelayBatch`. */
  attempts?: number
  retryDelayMs?: number
  receiptTimeoutMs?: number
}

export type RelayClaimsReturnType = {
  /** Batches settled this run: first the ones an earlier run left submitted, then the new ones. */
  batches: RelayBatchSummary[]
  /** Campaigns whose relay stopped (their claims stay pending), with why. */
  errors: { campaignId: string; message: string; details?: Record<string, unknown> }[]
}

type RelayCampaign = { id: string; distributor: Address; merkleRoot: string }

/** The multiproof call for `claims`, in the leaf order the contract consumes. */
function claimManyCall({ tree, positionOf }: LoadRelayTreeReturnType, claims: readonly PendingRelayClaim[]) {
  const byIndex = new Map(claims.map((claim) => [claim.index.toString(), claim]))
  const positions = claims.map((claim) => {
    const position = positionOf.get(claim.index.toString())
    if (position === undefined) throw new RelayCampaignError(`claim of index ${claim.index} is not a leaf of the campaign's tree`, { index: claim.index.toString() })
    return position
  })
  const { leaves, proof, proofFlags } = getMultiProof(tree, positions)
  const ordered = leaves.map((leaf) => byIndex.get(String(leaf[0]))!)
  const signed = ordered.map(({ index, account, amount, to, deadline, signature }) => ({ index, account, amount, to, deadline, signature }))
  return { ordered, args: [signed, proof, proofFlags] as const }
}

/** The custom error a reverted estimate names, or undefined for anything else (gas limits, the node). */
function revertErrorName(error: unknown): string | undefined {
  if (!(error instanceof ViemBaseError)) return undefined
  const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError)
  return reverted instanceof ContractFunctionRevertedError ? (reverted.data?.errorName ?? reverted.signature ?? 'reverted') : undefined
}

/**
 * Settles pending gasless claims on chain with `claimMany` (one multiproof per transaction), one
 * campaign at a time, one transaction at a time from the relayer's account:
 * 1. batches an earlier run left `submitted` are settled first (`settleRelayBatch`: looked up by
 *    hash, never sent twice);
 * 2. each campaign's pending claims (signed values from the intake log) go out in batches of
 *    `maxBatchSize`, halved until the gas estimate (+20%) fits `gasCap`;
 * 3. each batch's signed transaction is stored with its hash and nonce, and its claims marked
 *    `submitted`, before it is broadcast; then it is settled from its receipt.
 * A campaign whose estimate reverts (not started, a tree that does not match) keeps its claims
 * pending and is listed in `errors`; one that has ended releases them (their rows are deleted).
 * Run one relayer per key at a time (the CLI or the cron route).
 */
export async function relayClaims(sql: SqlClient, clients: RelayClients, params: RelayClaimsParameters = {}): Promise<RelayClaimsReturnType> {
  const { campaignId, gasCap = TRANSACTION_GAS_CAP, maxBatchSize = 200 } = params
  const settleOptions = { attempts: params.attempts, retryDelayMs: params.retryDelayMs, receiptTimeoutMs: params.receiptTimeoutMs }
  const { publicClient, walletClient } = clients
  const account = walletClient.account
  const chainId = walletClient.chain.id
  const relayer = account.address.toLowerCase()
  const result: RelayClaimsReturnType = { batches: [], errors: [] }

  const { rows: open } = await sql.query<{ id: number; campaign_id: string }>(
    `SELECT id, campaign_id::text AS campaign_id FROM relay_batches
     WHERE status = 'submitted' AND chain_id = $1 AND relayer = $2 AND ($3::uuid IS NULL OR campaign_id = $3::uuid) ORDER BY nonce, id`,
    [chainId, relayer, campaignId ?? null],
  )
  const stuck = new Set<string>()
  for (const batch of open) {
    const summary = await settleRelayBatch(sql, clients, { batchId: batch.id, ...settleOptions })
    result.batches.push(summary)
    if (summary.status === 'submitted') stuck.add(batch.campaign_id)
  }
  // The node is unreachable or an earlier transaction is still unmined: sending more would only queue behind it.
  if (stuck.size > 0) {
    for (const id of stuck) result.errors.push({ campaignId: id, message: 'an earlier relay batch is not settled yet; run again later' })
    return result
  }

  const { rows: campaigns } = await sql.query<{ id: string; distributor: Address; merkle_root: string }>(
    `SELECT c.id::text AS id, c.distributor_address AS distributor, c.merkle_root FROM campaigns c
     WHERE c.chain_id = $1 AND c.distributor_address IS NOT NULL AND c.merkle_root IS NOT NULL
       AND ($2::uuid IS NULL OR c.id = $2::uuid)
       AND EXISTS (SELECT 1 FROM claims cl WHERE cl.campaign_id = c.id AND cl.kind = 'gasless' AND cl.status = 'pending')
     ORDER BY c.created_at`,
    [chainId, campaignId ?? null],
  )
  for (const row of campaigns) {
    const campaign: RelayCampaign = { id: row.id, distributor: row.distributor, merkleRoot: row.merkle_root }
    try {
      await relayCampaign(campaign)
    } catch (error) {
      const details = error instanceof RelayCampaignError ? error.details : undefined
      result.errors.push({ campaignId: campaign.id, message: error instanceof Error ? error.message : String(error), details })
    }
  }
  return result

  async function relayCampaign(campaign: RelayCampaign): Promise<void> {
    const claims = await loadPendingRelayClaims(sql, { campaignId: campaign.id })
    if (claims.length === 0) return
    const tree = await loadRelayTree(sql, { campaignId: campaign.id, merkleRoot: campaign.merkleRoot })
    let queue = claims
    let size = Math.min(maxBatchSize, queue.length)
    while (queue.length > 0) {
      const chunk = queue.slice(0, size)
      const { ordered, args } = claimManyCall(tree, chunk)
      let gas: bigint | undefined
      try {
        gas = await publicClient.estimateContractGas({ address: campaign.distributor, abi: arborDistributorAbi, functionName: 'claimMany', args, account })
      } catch (error) {
        const name = revertErrorName(error)
        if (name === 'ClaimsEnded') {
          await releaseAll(campaign)
          throw new RelayCampaignError(`campaign ${campaign.id} has ended: its pending claims were released`, { errorName: name })
        }
        if (name !== undefined) throw new RelayCampaignError(`claimMany on ${campaign.distributor} reverts with ${name}`, { errorName: name }, error)
        // no revert reason: the batch is over a gas limit of the node; halve it
        if (size === 1) throw new RelayCampaignError(`claimMany of one claim cannot be estimated: ${error instanceof Error ? error.message : String(error)}`, undefined, error)
      }
      const limit = gas === undefined ? undefined : (gas * 6n) / 5n
      if (limit === undefined || limit > gasCap) {
        if (size === 1) throw new RelayCampaignError(`one claim needs ${limit} gas, over the cap of ${gasCap}`, { gasCap: gasCap.toString() })
        size = Math.ceil(size / 2)
        continue
      }
      const summary = await submit(campaign, ordered, encodeFunctionData({ abi: arborDistributorAbi, functionName: 'claimMany', args }), limit)
      result.batches.push(summary)
      if (summary.status === 'submitted') throw new RelayCampaignError(`relay batch ${summary.id} is not settled yet: ${summary.error ?? ''}`, { batchId: summary.id })
      queue = queue.slice(chunk.length)
      size = Math.min(size, queue.length)
    }
  }

  async function submit(campaign: RelayCampaign, ordered: PendingRelayClaim[], data: Hex, gas: bigint): Promise<RelayBatchSummary> {
    const nonce = await publicClient.getTransactionCount({ address: account.address, blockTag: 'pending' })
    const request = await walletClient.prepareTransactionRequest({ account, chain: walletClient.chain, to: campaign.distributor, data, gas, nonce })
    const raw = await walletClient.signTransaction(request as never)
    const txHash = keccak256(raw)
    const claimIds = ordered.map((claim) => claim.id)
    const batchId = await sql.transaction(async (tx) => {
      const { rowCount } = await tx.query(
        `UPDATE claims SET status = 'submitted', tx_hash = $2 WHERE id = ANY($1::uuid[]) AND status = 'pending'`,
        [claimIds, txHash],
      )
      if (rowCount !== claimIds.length) throw new RelayCampaignError('claims changed while the batch was built (another relayer?)', { campaignId: campaign.id })
      const { rows: [row] } = await tx.query<{ id: number }>(
        `INSERT INTO relay_batches (campaign_id, chain_id, relayer, nonce, tx_hash, raw_transaction, status, claim_ids, claim_count)
         VALUES ($1, $2, $3, $4, $5, $6, 'submitted', $7::uuid[], $8) RETURNING id`,
        [campaign.id, chainId, relayer, nonce, txHash, raw, claimIds, claimIds.length],
      )
      return row!.id
    })
    return settleRelayBatch(sql, clients, { batchId, ...settleOptions })
  }

  /** After the end no claim can execute: free the indices (what the intake will refuse anyway). */
  async function releaseAll(campaign: RelayCampaign): Promise<void> {
    await sql.query(`DELETE FROM claims WHERE campaign_id = $1 AND kind = 'gasless' AND status = 'pending'`, [campaign.id])
  }
}
