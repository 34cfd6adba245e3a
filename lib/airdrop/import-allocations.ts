import type { Address } from 'viem'
import type { ChainClients } from '../chain/clients'
import { predictDistributorAddress } from '../chain/create-distributor'
import type { Db, SqlClient, SqlQueryable } from '../db/types'
import { buildTreeParallel } from '../merkle/build-tree-parallel'
import { encodeCompactTree } from '../merkle/compact'
import { ALLOCATION_LEAF_ENCODING, allocationLeafValues } from './allocation-leaves'
import { storeCampaignTree } from './campaign-tree-store'
import { distributorCampaignOf } from './distributor-campaign-of'
import { AllocationFileError, CampaignStateError } from './errors'
import { getCampaignOrThrow } from './get-campaign-or-throw'
import { hashDataset } from './hash-dataset'
import { finishImportProgress, startImportProgress, updateImportProgress } from './import-progress'
import { parseAllocations, type DuplicatePolicy } from './parse-allocations'

export type ImportAllocationsParameters = {
  campaignId: string
  /** The CSV as it arrives (a request body): never held whole. */
  body: AsyncIterable<Uint8Array> | Iterable<Uint8Array>
  /** Declared size in bytes (Content-Length), for the progress bar. */
  totalBytes?: number
  units: 'tokens' | 'base'
  duplicates: DuplicatePolicy
  /** The request's signal: a cancelled upload stops the import. */
  signal?: AbortSignal
}

export type ImportAllocationsReturnType = {
  campaignId: string
  rowCount: number
  recipientCount: number
  /** Base units, decimal string. */
  totalAmount: string
  merkleRoot: string
  contentHash: string
  predictedDistributorAddress: Address | null
  /** Wall-clock milliseconds of each phase: reading and checking rows, building the tree, saving. */
  timings: { parseMs: number; buildMs: number; saveMs: number }
}

/** Rows per INSERT ... SELECT FROM unnest(...). */
const INSERT_ROWS = 50_000

/**
 * Reads a campaign's allocation CSV as it streams in, builds its Merkle tree and stores the
 * allocations, the compact tree, root, total and content hash in one transaction, replacing an
 * earlier file. Progress is kept in the campaign's row meanwhile (`getImportProgress`, any instance). Nothing is written
 * unless every row is good: bad rows throw `AllocationFileError` (422, first 100 rows; the first
 * 100,000 kept in `campaign_import_errors` for the download); a running import of the same campaign or a deployed
 * campaign throws `CampaignStateError` (409); a cancelled upload rethrows the abort.
 */
export async function importAllocations(
  { db, sql }: { db: Db; sql: SqlClient },
  publicClient: ChainClients['publicClient'] | undefined,
  { campaignId, body, totalBytes, units, duplicates, signal }: ImportAllocationsParameters,
): Promise<ImportAllocationsReturnType> {
  const campaign = await getCampaignOrThrow(db, { campaignId })
  if (campaign.status !== 'draft' || campaign.distributorAddress) {
    throw new CampaignStateError('this campaign is already deployed: its allocations cannot change', { field: 'file' })
  }
  const progress = await startImportProgress(sql, campaignId, totalBytes)
  if (!progress) throw new CampaignStateError('a file is already being imported for this campaign', { field: 'file' })
  const aborted = signal ? AbortSignal.any([signal, progress.abort.signal]) : progress.abort.signal
  const started = performance.now()
  try {
    const parsed = await parseAllocations(body, {
      decimals: units === 'tokens' ? (campaign.tokenDecimals ?? 18) : undefined,
      duplicates,
      signal: aborted,
      onProgress: ({ rows, bytes }) => void updateImportProgress(sql, progress, { rows, bytes }),
    })
    if (parsed.errorCount > 0) {
      const error = new AllocationFileError(parsed)
      await updateImportProgress(sql, progress, { rows: parsed.rowCount, bytes: parsed.bytes })
      await finishImportProgress(sql, progress, { phase: 'failed', message: error.message, errorCount: parsed.errorCount, errors: parsed.errors })
      throw error
    }
    const parsedAt = performance.now()
    await updateImportProgress(sql, progress, { phase: 'building', rows: parsed.rowCount, bytes: parsed.bytes, build: { phase: 'leaves', done: 0, total: parsed.recipientCount } })
    const values = allocationLeafValues(parsed)
    const tree = await buildTreeParallel({
      values,
      leafEncoding: ALLOCATION_LEAF_ENCODING,
      onProgress: (build) => void updateImportProgress(sql, progress, { build }),
    })
    aborted.throwIfAborted()
    const contentHash = await hashDataset(tree)
    const compact = encodeCompactTree(tree)
    const stored = { ...campaign, merkleRoot: tree.root, contentHash }
    const predicted = await predictAddress(db, publicClient, stored)
    aborted.throwIfAborted()
    const builtAt = performance.now()
    await updateImportProgress(sql, progress, { phase: 'saving' })
    await sql.transaction(async (tx) => {
      await tx.query('DELETE FROM allocations WHERE campaign_id = $1', [campaignId])
      await insertAllocations(tx, campaignId, values, aborted)
      await storeCampaignTree(tx, { campaignId, leafTypes: ALLOCATION_LEAF_ENCODING, root: tree.root, leafCount: values.length, bytes: compact })
      // the upload is still this process's (not cancelled elsewhere, not taken over): else nothing commits
      const updated = await tx.query(
        `UPDATE campaigns SET merkle_root = $2, total_amount = $3, recipient_count = $4, content_hash = $5,
           import_status = 'ready', import_row_count = $6, amount_units = $7::amount_units,
           duplicate_policy = $8::duplicate_policy, factory_address = $9, factory_salt = $10,
           predicted_distributor_address = $11, import_phase = 'ready', import_owner = NULL, import_updated_at = now(), updated_at = now()
         WHERE id = $1 AND status = 'draft' AND distributor_address IS NULL AND import_owner = $12`,
        [
          campaignId,
          tree.root,
          parsed.total.toString(),
          values.length,
          contentHash,
          parsed.rowCount,
          units,
          duplicates,
          predicted?.factory ?? null,
          predicted?.salt ?? null,
          predicted?.address.toLowerCase() ?? null,
          progress.owner,
        ],
      )
      if (updated.rowCount !== 1) {
        aborted.throwIfAborted()
        throw new CampaignStateError('the campaign was deployed, or the upload cancelled, while the file was imported', { field: 'file' })
      }
    })
    await finishImportProgress(sql, progress, { phase: 'ready' })
    return {
      campaignId,
      rowCount: parsed.rowCount,
      recipientCount: values.length,
      totalAmount: parsed.total.toString(),
      merkleRoot: tree.root,
      contentHash,
      predictedDistributorAddress: predicted?.address ?? null,
      timings: { parseMs: parsedAt - started, buildMs: builtAt - parsedAt, saveMs: performance.now() - builtAt },
    }
  } catch (error) {
    if (progress.phase !== 'failed') {
      const message = aborted.aborted ? 'the upload was cancelled; nothing was stored' : 'the import failed; nothing was stored'
      await finishImportProgress(sql, progress, { phase: 'failed', message }).catch((cause: unknown) => console.warn('[airdrop] cannot record the failed import', cause))
    }
    throw error
  }
}

async function insertAllocations(tx: SqlQueryable, campaignId: string, values: string[][], aborted: AbortSignal): Promise<void> {
  for (let start = 0; start < values.length; start += INSERT_ROWS) {
    aborted.throwIfAborted()
    const end = Math.min(values.length, start + INSERT_ROWS)
    const indices: number[] = []
    const accounts: string[] = []
    const amounts: string[] = []
    for (let i = start; i < end; i++) {
      indices.push(i)
      accounts.push(values[i]![1]!.toLowerCase())
      amounts.push(values[i]![2]!)
    }
    await tx.query(
      `INSERT INTO allocations (campaign_id, index, account, amount)
       SELECT $1::uuid, i, a, m FROM unnest($2::int[], $3::text[], $4::numeric[]) AS t(i, a, m)`,
      [campaignId, indices, accounts, amounts],
    )
  }
}

/** The distributor's CREATE2 address from the chain's factory, or null without a factory or chain. */
async function predictAddress(
  db: Db,
  publicClient: ChainClients['publicClient'] | undefined,
  campaign: Parameters<typeof distributorCampaignOf>[0] & { chainId: number },
): Promise<{ factory: Address; salt: `0x${string}`; address: Address } | null> {
  if (!publicClient) return null
  const args = distributorCampaignOf(campaign)
  if (!args) return null
  const deployment = await db.deployment.findUnique({ where: { chainId_name: { chainId: campaign.chainId, name: 'ArborDistributorFactory' } } })
  if (!deployment) return null
  const factory = deployment.address as Address
  try {
    // TODO(air-core): the CREATE2 factory takes `contentHash` in the campaign; this object carries it already
    const address = await predictDistributorAddress(publicClient, { factory, campaign: args.campaign, salt: args.salt })
    return { factory, salt: args.salt, address }
  } catch (error) {
    console.warn('[airdrop] cannot predict the distributor address', error)
    return null
  }
}
