import type { Address } from 'viem'
import type { ChainClients } from '../chain/clients'
import { predictDistributorAddress } from '../chain/create-distributor'
import type { Db, SqlClient, SqlQueryable } from '../db/types'
import { buildTreeParallel } from '../merkle/build-tree-parallel'
import { compactTreeBuffer, encodeCompactTreeSliced } from '../merkle/compact'
import { ALLOCATION_LEAF_ENCODING, allocationLeafValues } from './allocation-leaves'
import { storeCampaignTree } from './campaign-tree-store'
import { distributorCampaignOf } from './distributor-campaign-of'
import { AllocationFileError, CampaignStateError } from './errors'
import { getCampaignOrThrow } from './get-campaign-or-throw'
import { datasetEntryCount } from './dataset-json-chunks'
import { hashDataset } from './hash-dataset'
import { finishImportProgress, startImportProgress, updateImportProgress, type SaveProgress } from './import-progress'
import { parseAllocations, type DuplicatePolicy, type RecipientBatch } from './parse-allocations'
import { summarizeAllocations } from './summarize-allocations'

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
   * allocations are written meanwhile on a server: `allocationsMs` from the start, when the last was written.
   */
  timings: { parseMs: number; buildMs: number; hashMs: number; saveMs: number; allocationsMs: number | undefined }
  /** CPU milliseconds of this process (every thread) in the same phases. */
  cpu: { parseMs: number; buildMs: number; hashMs: number; saveMs: number }
}

/** How often (ms) the save's counters are handed to the progress tracker (it writes them at most every 500 ms). */
const SAVE_PROGRESS_MS = 250

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
  const cpuAt = [process.cpuUsage()]
  const cpuSince = (k: number) => {
    const used = process.cpuUsage(cpuAt[k])
    return (used.user + used.system) / 1000
  }
  // On a server the allocations are written, in a transaction opened at the first 50,000, while
  // the file is still read and the tree built; PGlite runs one connection at a time, so there the
  // transaction opens only once the tree is ready (as it would block every other request meanwhile).
  let writer: AllocationWriter | undefined
  let saveTicker: ReturnType<typeof setInterval> | undefined
  try {
    if (await runsConcurrently(sql)) writer = new AllocationWriter(sql, campaignId, aborted)
    const factory = publicClient ? await factoryOf(db, campaign.chainId) : undefined
    const parsed = await parseAllocations(body, {
      decimals: units === 'tokens' ? (campaign.tokenDecimals ?? 18) : undefined,
      duplicates,
      signal: aborted,
      onProgress: ({ rows, bytes }) => void updateImportProgress(sql, progress, { rows, bytes }),
      ...(writer && { onRecipients: writer.add.bind(writer), pace: writer.pace.bind(writer) }),
    })
    if (parsed.errorCount > 0) {
      const error = new AllocationFileError(parsed)
      await writer?.end(error)
      await updateImportProgress(sql, progress, { rows: parsed.rowCount, bytes: parsed.bytes })
      await finishImportProgress(sql, progress, { phase: 'failed', message: error.message, errorCount: parsed.errorCount, errors: parsed.errors })
      throw error
    }
    const parsedAt = performance.now()
    cpuAt[1] = process.cpuUsage()
    void updateImportProgress(sql, progress, { phase: 'building', rows: parsed.rowCount, bytes: parsed.bytes, build: { phase: 'leaves', done: 0, total: parsed.recipientCount } })
    // lower-case accounts: the same leaves, without a keccak per address (the content hash checksums them once)
    if (writer && parsed.amended.length > 0) writer.amend(parsed.amended, parsed.amounts)
    const values = allocationLeafValues(parsed, { addressCase: 'lower', texts: writer?.texts })
    // the review's largest allocations and histogram, stored with the campaign: no query over the allocations to show them
    const review = { version: 1, ...summarizeAllocations(values) }
    // the compact tree's buffer, its values section filled by the build (each amount written out once)
    const compactBuffer = compactTreeBuffer(ALLOCATION_LEAF_ENCODING, values.length)
    const encodedValues = compactBuffer && { into: compactBuffer.values, written: false }
    const tree = await buildTreeParallel({
      values,
      leafEncoding: ALLOCATION_LEAF_ENCODING,
      encodedValues,
      onProgress: (build) => void updateImportProgress(sql, progress, { build }),
    })
    aborted.throwIfAborted()
    const builtAt = performance.now()
    cpuAt[2] = process.cpuUsage()
    // in slices: the server keeps answering the progress polls (a 10M-leaf tree takes tens of seconds)
    const compact = await encodeCompactTreeSliced(tree, {
      signal: aborted,
      into: encodedValues?.written ? compactBuffer!.out : undefined,
      onProgress: ({ done, total }) => void updateImportProgress(sql, progress, { build: { phase: 'compact', done, total } }),
    })
    // what the admin sees move while saving: rows inserted, the content hash, the tree's bytes
    const save: SaveProgress = {
      allocations: { done: writer?.rowsWritten ?? 0, total: parsed.recipientCount },
      contentHash: { done: 0, total: datasetEntryCount(tree) },
      tree: { done: 0, total: compact.length },
    }
    let insertedHere = 0
    const reportSave = () => {
      save.allocations.done = writer?.rowsWritten ?? insertedHere
      void updateImportProgress(sql, progress, { save: structuredClone(save) })
    }
    void updateImportProgress(sql, progress, { phase: 'saving', save: structuredClone(save) })
    saveTicker = setInterval(reportSave, SAVE_PROGRESS_MS)
    const storeTree = async (tx: SqlQueryable) => {
      if (!writer) {
        await tx.query('DELETE FROM allocations WHERE campaign_id = $1', [campaignId])
        for (let start = 0; start < parsed.recipientCount; start += INSERT_ROWS) {
          aborted.throwIfAborted()
          const end = Math.min(parsed.recipientCount, start + INSERT_ROWS)
          await insertAllocations(tx, campaignId, { start, count: end - start, addresses: parsed.addresses.subarray(20 * start, 20 * end), amounts: parsed.amounts.slice(start, end) })
          insertedHere = end
        }
      }
      await storeCampaignTree(tx, { campaignId, leafTypes: ALLOCATION_LEAF_ENCODING, root: tree.root, leafCount: values.length, bytes: compact, onProgress: (written) => (save.tree = written) })
    }
    // on a server the tree's chunks are written while the content hash is taken
    const treeStored = writer?.run(storeTree)
    void treeStored?.catch(() => {})
    const contentHash = await hashDataset(tree, { onProgress: (hashed) => (save.contentHash = hashed) })
    const predicted = factory && publicClient ? await predictAddress(publicClient, factory, { ...campaign, merkleRoot: tree.root, contentHash }) : null
    aborted.throwIfAborted()
    const hashedAt = performance.now()
    cpuAt[3] = process.cpuUsage()
    const finish = async (tx: SqlQueryable) => {
      // the upload is still this process's (not cancelled elsewhere, not taken over): else nothing commits
      const updated = await tx.query(
        `UPDATE campaigns SET merkle_root = $2, total_amount = $3, recipient_count = $4, content_hash = $5,
           import_status = 'ready', import_row_count = $6, amount_units = $7::amount_units,
           duplicate_policy = $8::duplicate_policy, factory_address = $9, factory_salt = $10,
           predicted_distributor_address = $11, allocation_review = $13::jsonb, import_phase = 'ready', import_owner = NULL, import_updated_at = now(), updated_at = now()
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
          JSON.stringify(review),
        ],
      )
      if (updated.rowCount !== 1) {
        aborted.throwIfAborted()
        throw new CampaignStateError('the campaign was deployed, or the upload cancelled, while the file was imported', { field: 'file' })
      }
    }
    if (writer) {
      await treeStored
      await writer.run(finish)
      await writer.end()
    } else {
      await sql.transaction(async (tx) => {
        await storeTree(tx)
        await finish(tx)
      })
    }
    clearInterval(saveTicker)
    await finishImportProgress(sql, progress, { phase: 'ready' })
    return {
      campaignId,
      rowCount: parsed.rowCount,
      recipientCount: values.length,
      totalAmount: parsed.total.toString(),
      merkleRoot: tree.root,
      contentHash,
      predictedDistributorAddress: predicted?.address ?? null,
      timings: {
        parseMs: parsedAt - started,
        buildMs: builtAt - parsedAt,
        hashMs: hashedAt - builtAt,
        saveMs: performance.now() - hashedAt,
        allocationsMs: writer?.writtenAt ? writer.writtenAt - started : undefined,
      },
      cpu: { parseMs: cpuSince(0) - cpuSince(1), buildMs: cpuSince(1) - cpuSince(2), hashMs: cpuSince(2) - cpuSince(3), saveMs: cpuSince(3) },
    }
  } catch (error) {
    clearInterval(saveTicker)
    await writer?.end(error)
    if (progress.phase !== 'failed') {
      const message = aborted.aborted ? 'the upload was cancelled; nothing was stored' : 'the import failed; nothing was stored'
      await finishImportProgress(sql, progress, { phase: 'failed', message }).catch((cause: unknown) => console.warn('[airdrop] cannot record the failed import', cause))
    }
    throw error
  }
}

/**
 * Inserts recipients as `unnest` of two array literals (lower-case hex addresses and decimal
 * amounts need no quoting, so the driver's per-element escaping is skipped).
 */
async function insertAllocations(tx: SqlQueryable, campaignId: string, batch: RecipientBatch): Promise<void> {
  await insertAllocationTexts(tx, campaignId, batch.start, allocationTexts(batch))
}

/** A batch's accounts (lower-case `0x` hex) and amounts (decimal) as text. */
function allocationTexts(batch: RecipientBatch): { accounts: string[]; amounts: string[] } {
  const hex = batch.addresses.toString('hex')
  const accounts: string[] = new Array(batch.count)
  const amounts: string[] = new Array(batch.count)
  for (let i = 0; i < batch.count; i++) {
    accounts[i] = `0x${hex.slice(40 * i, 40 * i + 40)}`
    amounts[i] = batch.amounts[i]!.toString()
  }
  return { accounts, amounts }
}

async function insertAllocationTexts(tx: SqlQueryable, campaignId: string, start: number, { accounts, amounts }: { accounts: string[]; amounts: string[] }): Promise<void> {
  await tx.query(
    `INSERT INTO allocations (campaign_id, index, account, amount)
     SELECT $1::uuid, $2::int + (t.n - 1)::int, t.a, t.m FROM unnest($3::text[], $4::numeric[]) WITH ORDINALITY AS t(a, m, n)`,
    [campaignId, start, `{${accounts.join(',')}}`, `{${amounts.join(',')}}`],
  )
}

/** Statements queued on the writer before the file's reading waits for them. */
const MAX_QUEUED_WRITES = 3

/**
 * One transaction, opened at the first write and held across the import: recipients are
 * inserted as the parser finds them (queued, in order, at most `MAX_QUEUED_WRITES` ahead of the
 * database), then the tree and the campaign row; `end()` commits, `end(error)` rolls back.
 */
class AllocationWriter {
  private tx: Promise<SqlQueryable> | undefined
  private finished: Promise<void> | undefined
  private close: ((error?: unknown) => void) | undefined
  private queue: Promise<void> = Promise.resolve()
  /** Steps queued and not yet settled, oldest first (they run in this order). */
  private readonly pending: Promise<void>[] = []
  /** `performance.now()` when the last recipient batch was written. */
  writtenAt = 0
  /** Recipients inserted so far (uncommitted until `end()`). */
  rowsWritten = 0
  /** Every added recipient's account and amount as inserted (amended ones updated): the tree's values reuse them. */
  readonly texts = { accounts: [] as string[], amounts: [] as string[] }

  constructor(
    private readonly sql: SqlClient,
    private readonly campaignId: string,
    private readonly aborted: AbortSignal,
  ) {}

  add(batch: RecipientBatch): void {
    // written out once, here (the addresses are a view the parser reuses), for the insert and the tree's values
    const texts = allocationTexts(batch)
    for (let i = 0; i < batch.count; i++) {
      this.texts.accounts[batch.start + i] = texts.accounts[i]!
      this.texts.amounts[batch.start + i] = texts.amounts[i]!
    }
    this.enqueue(async (tx) => {
      await insertAllocationTexts(tx, this.campaignId, batch.start, texts)
      this.writtenAt = performance.now()
      this.rowsWritten += batch.count
    })
  }

  /** Rewrites the amounts of recipients written before a later duplicate added to them. */
  amend(positions: readonly number[], amounts: readonly bigint[]): void {
    for (const i of positions) this.texts.amounts[i] = amounts[i]!.toString()
    this.enqueue((tx) =>
      tx.query(
        `UPDATE allocations a SET amount = t.m FROM unnest($2::int[], $3::numeric[]) AS t(i, m) WHERE a.campaign_id = $1::uuid AND a.index = t.i`,
        [this.campaignId, positions, positions.map((i) => amounts[i]!.toString())],
      ).then(() => undefined),
    )
  }

  /**
   * Resolves once no more than `MAX_QUEUED_WRITES` are queued, so the reading goes on while the
   * database still has work (rejects if a write failed); undefined when the queue is short already.
   */
  pace(): Promise<void> | undefined {
    const over = this.pending.length - MAX_QUEUED_WRITES
    return over > 0 ? this.pending[over - 1] : undefined
  }

  /** Runs `work` in the transaction after everything queued so far. */
  run(work: (tx: SqlQueryable) => Promise<void>): Promise<void> {
    return this.enqueue(work)
  }

  /** Commits (no error) or rolls back, once what is queued has run. Nothing to do when no write was made. */
  async end(error?: unknown): Promise<void> {
    if (!this.tx || !this.close) return
    const close = this.close
    this.close = undefined
    if (error === undefined) {
      await this.queue
      close()
      await this.finished
    } else {
      await this.queue.catch(() => {})
      close(error)
      await this.finished!.catch(() => {})
    }
  }

  private enqueue(work: (tx: SqlQueryable) => Promise<void>): Promise<void> {
    this.tx ??= this.open()
    const tx = this.tx
    const step = this.queue.then(async () => {
      this.aborted.throwIfAborted()
      await work(await tx)
    })
    this.pending.push(step)
    this.queue = step.finally(() => void this.pending.splice(this.pending.indexOf(step), 1))
    // a failure surfaces through pace(), run() or end(): not as an unhandled rejection here
    void this.queue.catch(() => {})
    void step.catch(() => {})
    return step
  }

  private open(): Promise<SqlQueryable> {
    return new Promise<SqlQueryable>((resolve, reject) => {
      this.finished = this.sql.transaction(async (tx) => {
        await tx.query('DELETE FROM allocations WHERE campaign_id = $1', [this.campaignId])
        resolve(tx)
        await new Promise<void>((done, fail) => (this.close = (error?: unknown) => (error === undefined ? done() : fail(error))))
      })
      this.finished.catch(reject)
    })
  }
}

/** Whether the database serves several connections at once (a Postgres server), not PGlite (one at a time). Cached per client. */
async function runsConcurrently(sql: SqlClient): Promise<boolean> {
  let known = concurrency.get(sql)
  if (!known) {
    known = sql.query<{ pglite: boolean }>(`SELECT version() LIKE '%PGlite%' AS pglite`).then(({ rows }) => !rows[0]?.pglite)
    concurrency.set(sql, known)
  }
  return known
}
const concurrency = new WeakMap<SqlClient, Promise<boolean>>()

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
    const address = await predictDistributorAddress(publicClient, { factory, campaign: args.campaign, salt: args.salt })
    return { factory, salt: args.salt, address }
  } catch (error) {
    console.warn('[airdrop] cannot predict the distributor address', error)
    return null
  }
}
