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
  /**
   * Wall-clock milliseconds of each phase: reading and checking rows; building the tree; the
   * content hash (and the address prediction); waiting for the database after that. The
   * allocations are written meanwhile: `allocationsMs` from the end of the parse.
   */
  timings: { parseMs: number; buildMs: number; hashMs: number; saveMs: number; allocationsMs: number }
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
    // lower-case accounts: the same leaves, without a keccak per address (the content hash checksums them once)
    const values = allocationLeafValues(parsed, { addressCase: 'lower' })
    const factory = publicClient ? await factoryOf(db, campaign.chainId) : undefined
    const built = { at: 0, hashedAt: 0, allocationsAt: 0 }
    // One transaction from here: Postgres writes the allocations while this thread and the hash
    // workers build the tree, and the tree's chunks while the content hash is taken. Nothing
    // outside it is awaited meanwhile (progress writes are not): on PGlite it holds the database.
    const result = await sql.transaction(async (tx) => {
      const allocationsWritten = (async () => {
        await tx.query('DELETE FROM allocations WHERE campaign_id = $1', [campaignId])
        await insertAllocations(tx, campaignId, values, aborted)
        built.allocationsAt = performance.now()
      })()
      let treeStored: Promise<void> | undefined
      try {
        const tree = await buildTreeParallel({
          values,
          leafEncoding: ALLOCATION_LEAF_ENCODING,
          onProgress: (build) => void updateImportProgress(sql, progress, { build }),
        })
        aborted.throwIfAborted()
        built.at = performance.now()
        void updateImportProgress(sql, progress, { phase: 'saving' })
        const compact = encodeCompactTree(tree)
        treeStored = allocationsWritten.then(() =>
          storeCampaignTree(tx, { campaignId, leafTypes: ALLOCATION_LEAF_ENCODING, root: tree.root, leafCount: values.length, bytes: compact }),
        )
        const contentHash = await hashDataset(tree)
        const predicted = factory && publicClient ? await predictAddress(publicClient, factory, { ...campaign, merkleRoot: tree.root, contentHash }) : null
        aborted.throwIfAborted()
        built.hashedAt = performance.now()
        await treeStored
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
        return { merkleRoot: tree.root, contentHash, predicted }
      } finally {
        // settle the writes in flight before the transaction ends (a failure above rolls them back)
        await Promise.allSettled([allocationsWritten, treeStored])
      }
    })
    await finishImportProgress(sql, progress, { phase: 'ready' })
    const end = performance.now()
    return {
      campaignId,
      rowCount: parsed.rowCount,
      recipientCount: values.length,
      totalAmount: parsed.total.toString(),
      merkleRoot: result.merkleRoot,
      contentHash: result.contentHash,
      predictedDistributorAddress: result.predicted?.address ?? null,
      timings: {
        parseMs: parsedAt - started,
        buildMs: built.at - parsedAt,
        hashMs: built.hashedAt - built.at,
        saveMs: end - built.hashedAt,
        allocationsMs: built.allocationsAt - parsedAt,
      },
    }
  } catch (error) {
    if (progress.phase !== 'failed') {
      const message = aborted.aborted ? 'the upload was cancelled; nothing was stored' : 'the import failed; nothing was stored'
      await finishImportProgress(sql, progress, { phase: 'failed', message }).catch((cause: unknown) => console.warn('[airdrop] cannot record the failed import', cause))
    }
    throw error
  }
}

/**
 * Inserts the allocations in statements of `INSERT_ROWS`, as `unnest` of two array literals
 * (addresses and decimal amounts need no quoting, so the driver's per-element escaping is skipped).
 */
async function insertAllocations(tx: SqlQueryable, campaignId: string, values: string[][], aborted: AbortSignal): Promise<void> {
  for (let start = 0; start < values.length; start += INSERT_ROWS) {
    aborted.throwIfAborted()
    const end = Math.min(values.length, start + INSERT_ROWS)
    const accounts: string[] = new Array(end - start)
    const amounts: string[] = new Array(end - start)
    for (let i = start; i < end; i++) {
      accounts[i - start] = values[i]![1]!
      amounts[i - start] = values[i]![2]!
    }
    await tx.query(
      `INSERT INTO allocations (campaign_id, index, account, amount)
       SELECT $1::uuid, $2::int + (t.n - 1)::int, t.a, t.m FROM unnest($3::text[], $4::numeric[]) WITH ORDINALITY AS t(a, m, n)`,
      [campaignId, start, `{${accounts.join(',')}}`, `{${amounts.join(',')}}`],
    )
  }
}

/** The chain's distributor factory (from `deployments`), or undefined when none is recorded. */
async function factoryOf(db: Db, chainId: number): Promise<Address | undefined> {
  const deployment = await db.deployment.findUnique({ where: { chainId_name: { chainId, name: 'ArborDistributorFactory' } } })
  return deployment?.address as Address | undefined
}

/** The distributor's CREATE2 address from the chain's factory, or null when it cannot be read. */
async function predictAddress(
  publicClient: NonNullable<ChainClients['publicClient']>,
  factory: Address,
  campaign: Parameters<typeof distributorCampaignOf>[0],
): Promise<{ factory: Address; salt: `0x${string}`; address: Address } | null> {
  const args = distributorCampaignOf(campaign)
  if (!args) return null
  try {
    // TODO(air-core): the CREATE2 factory takes `contentHash` in the campaign; this object carries it already
    const address = await predictDistributorAddress(publicClient, { factory, campaign: args.campaign, salt: args.salt })
    return { factory, salt: args.salt, address }
  } catch (error) {
    console.warn('[airdrop] cannot predict the distributor address', error)
    return null
  }
}
