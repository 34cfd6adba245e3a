/**
 * Allocation import against a real database: a good file is stored whole (allocations, compact
 * tree, root, total, content hash); a file with bad rows, or a cancelled upload, stores nothing
 * and leaves an earlier good import as it was.
 */
import { StandardMerkleTree } from '@openzeppelin/merkle-tree'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AllocationFileError } from '@/lib/airdrop/errors'
import { getCampaignReview, queryCampaignReview } from '@/lib/airdrop/get-campaign-review'
import { hashDataset } from '@/lib/airdrop/hash-dataset'
import { cancelImport, getImportProgress, listImportErrors } from '@/lib/airdrop/import-progress'
import { importAllocations } from '@/lib/airdrop/import-allocations'
import { checksumAddress } from '@/lib/merkle'
import { createTestDatabase, type TestDatabase } from '../support/database'

let database: TestDatabase
const address = (i: number) => checksumAddress(`0x${(i * 2654435761 + 7).toString(16).padStart(40, '0')}`)

beforeAll(async () => {
  database = await createTestDatabase()
})
afterAll(async () => {
  await database?.drop()
})

async function newCampaign(): Promise<string> {
  const campaign = await database.db.campaign.create({
    data: {
      name: 'Test drop',
      chainId: 31337,
      tokenAddress: '0x5fbdb2315678afecb367f032d93f642f64180aa3',
      tokenSymbol: 'ARB',
      tokenDecimals: 6,
      startAt: new Date('2026-12-01T00:00:00Z'),
      endAt: new Date('2027-01-01T00:00:00Z'),
      createdBy: '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266',
    },
  })
  return campaign.id
}

function* chunks(text: string, size = 7): Generator<Uint8Array> {
  const bytes = Buffer.from(text)
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size)
}

const goodCsv = `"Address","Amount"\r\n${Array.from({ length: 40 }, (_, i) => `"${address(i)}","${i + 1}.5"`).join('\r\n')}\r\n`

describe('importAllocations', () => {
  it('stores a good file whole: allocations, the compact tree, root, total and content hash', async () => {
    const campaignId = await newCampaign()
    const body = (async function* () {
      yield* chunks(goodCsv)
    })()
    const result = await importAllocations(database, undefined, { campaignId, body, units: 'tokens', duplicates: 'reject' })
    const oz = StandardMerkleTree.of(Array.from({ length: 40 }, (_, i) => [String(i), address(i), String((i + 1) * 1_000_000 + 500_000)]), ['uint256', 'address', 'uint256'])
    expect(result).toMatchObject({ recipientCount: 40, rowCount: 40, merkleRoot: oz.root, totalAmount: String(40 * 500_000 + 820 * 1_000_000) })
    expect(result.contentHash).toMatch(/^0x[0-9a-f]{64}$/)
    const campaign = await database.db.campaign.findUniqueOrThrow({ where: { id: campaignId } })
    expect(campaign).toMatchObject({ importStatus: 'ready', merkleRoot: oz.root, recipientCount: 40, contentHash: result.contentHash })
    expect(await database.db.allocation.count({ where: { campaignId } })).toBe(40)
    const third = await database.db.allocation.findUniqueOrThrow({ where: { campaignId_index: { campaignId, index: 2 } } })
    expect(third.account).toBe(address(2).toLowerCase())
    expect(third.amount.toFixed(0)).toBe('3500000')
    const tree = await database.db.campaignTree.findUniqueOrThrow({ where: { campaignId } })
    expect(tree).toMatchObject({ root: oz.root, leafCount: 40, format: 'arbor-compact-v1-chunked', layers: null })
    expect(await database.db.campaignTreeChunk.count({ where: { campaignId } })).toBe(1)
    expect((await getImportProgress(database.sql, campaignId))?.phase).toBe('ready')
  })

  it('stores nothing for a file with bad rows and keeps every bad row for the download', async () => {
    const campaignId = await newCampaign()
    await importAllocations(database, undefined, { campaignId, body: chunks(goodCsv), units: 'tokens', duplicates: 'reject' })
    const before = await database.db.campaign.findUniqueOrThrow({ where: { id: campaignId } })
    const bad = `address,amount\n${address(0)},1\n${address(1)},"1,000"\n${address(0).toLowerCase()},2\n0x12,1\n`
    const error = await importAllocations(database, undefined, { campaignId, body: chunks(bad), units: 'tokens', duplicates: 'reject' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AllocationFileError)
    expect((error as AllocationFileError).details).toMatchObject({ errorCount: 3, rowCount: 4 })
    expect((await getImportProgress(database.sql, campaignId))).toMatchObject({ phase: 'failed', errorCount: 3 })
    expect((await listImportErrors(database.sql, campaignId)).map((e) => e.line)).toEqual([3, 4, 5])
    const after = await database.db.campaign.findUniqueOrThrow({ where: { id: campaignId } })
    expect(after.merkleRoot).toBe(before.merkleRoot)
    expect(await database.db.allocation.count({ where: { campaignId } })).toBe(40)
  })

  // past the first 50,000 recipients, which a server database is given while the file is still read
  const largeCsv = (n: number, extra = '') => `address,amount\n${Array.from({ length: n }, (_, i) => `${address(i)},${i + 1}\n`).join('')}${extra}`

  it('stores nothing for a bad row found after the first 50,000 recipients were written, and keeps the earlier file', async () => {
    const campaignId = await newCampaign()
    await importAllocations(database, undefined, { campaignId, body: chunks(goodCsv), units: 'tokens', duplicates: 'reject' })
    const before = await database.db.campaign.findUniqueOrThrow({ where: { id: campaignId } })
    const body = chunks(largeCsv(120_000, `${address(7)},5\n`), 1 << 16)
    const error = await importAllocations(database, undefined, { campaignId, body, units: 'base', duplicates: 'reject' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AllocationFileError)
    expect((error as AllocationFileError).details).toMatchObject({ errorCount: 1, rowCount: 120_001 })
    expect(await listImportErrors(database.sql, campaignId)).toEqual([{ line: 120_002, reason: expect.stringMatching(/duplicate.*line 9/) }])
    expect((await database.db.campaign.findUniqueOrThrow({ where: { id: campaignId } })).merkleRoot).toBe(before.merkleRoot)
    expect(await database.db.allocation.count({ where: { campaignId } })).toBe(40)
  }, 60_000)

  it('sums a duplicate of a recipient already written, in the stored allocation and the tree', async () => {
    const campaignId = await newCampaign()
    const body = chunks(largeCsv(120_000, `${address(7).toLowerCase()},5\n`), 1 << 16)
    const result = await importAllocations(database, undefined, { campaignId, body, units: 'base', duplicates: 'sum' })
    expect(result).toMatchObject({ rowCount: 120_001, recipientCount: 120_000, totalAmount: String((120_000 * 120_001) / 2 + 5) })
    expect(await database.db.allocation.count({ where: { campaignId } })).toBe(120_000)
    const summed = await database.db.allocation.findUniqueOrThrow({ where: { campaignId_index: { campaignId, index: 7 } } })
    expect(summed.amount.toFixed(0)).toBe('13')
    const last = await database.db.allocation.findUniqueOrThrow({ where: { campaignId_index: { campaignId, index: 119_999 } } })
    expect(last).toMatchObject({ account: address(119_999).toLowerCase() })
    expect(last.amount.toFixed(0)).toBe('120000')
    // the same allocations written directly: the same tree
    const direct = largeCsv(120_000).replace(`\n${address(7)},8\n`, `\n${address(7)},13\n`)
    const expected = await importAllocations(database, undefined, { campaignId: await newCampaign(), body: chunks(direct, 1 << 16), units: 'base', duplicates: 'reject' })
    expect(result).toMatchObject({ merkleRoot: expected.merkleRoot, contentHash: expected.contentHash, totalAmount: expected.totalAmount })
  }, 60_000)

  it('stores nothing when the upload is cancelled midway', async () => {
    const campaignId = await newCampaign()
    const controller = new AbortController()
    const body = (async function* () {
      let sent = 0
      for (const chunk of chunks(goodCsv, 64)) {
        yield chunk
        if (++sent === 5) controller.abort(new Error('client went away'))
      }
    })()
    await expect(importAllocations(database, undefined, { campaignId, body, units: 'tokens', duplicates: 'reject', signal: controller.signal })).rejects.toThrow()
    const campaign = await database.db.campaign.findUniqueOrThrow({ where: { id: campaignId } })
    expect(campaign).toMatchObject({ importStatus: 'none', merkleRoot: null })
    expect(await database.db.allocation.count({ where: { campaignId } })).toBe(0)
    expect(await database.db.campaignTree.count({ where: { campaignId } })).toBe(0)
    expect((await getImportProgress(database.sql, campaignId))).toMatchObject({ phase: 'failed', message: expect.stringMatching(/cancelled/) })
  })
})

/** What must survive another server instance or a restart: the progress and the bad rows live in Postgres. */
describe('the review figures stored at import', () => {
  it('equal what the queries over the allocations give: ties at the tenth place, every bucket edge, a summed duplicate', async () => {
    const campaignId = await newCampaign()
    // base units: 1 digit to 78 digits, the edges 9|10, 99|100, 999999|1000000, and 14 ties of 5000 around the tenth place
    const amounts = ['9', '10', '99', '100', '999999', '1000000', '1', `${'9'.repeat(77)}`, `1${'0'.repeat(77)}`, ...Array.from({ length: 14 }, () => '5000'), '4999', '5001']
    const lines = amounts.map((amount, i) => `${address(i)},${amount}`)
    // a later duplicate of recipient 3 (100) sums to 5000 + 100: it joins the ranking from its first place
    lines.push(`${address(3)},5000`)
    const body = [Buffer.from(`address,amount\n${lines.join('\n')}\n`)]
    await importAllocations(database, undefined, { campaignId, body, units: 'base', duplicates: 'sum' })

    const campaign = await database.db.campaign.findUniqueOrThrow({ where: { id: campaignId } })
    const queried = await queryCampaignReview(database.db, { campaignId })
    expect(campaign.allocationReview).toEqual({ version: 1, ...queried })
    expect(await getCampaignReview(database.db, { campaignId, stored: campaign.allocationReview })).toEqual(queried)
    // what the queries give, spelled out: the fixture does reach the edges it is meant to
    expect(queried.largest.map((row) => row.amount)).toEqual([`1${'0'.repeat(77)}`, '9'.repeat(77), '1000000', '999999', '5100', '5001', '5000', '5000', '5000', '5000'])
    expect(queried.largest.slice(6).map((row) => row.index)).toEqual([9, 10, 11, 12])
    expect(queried.largest[4]).toEqual({ index: 3, account: address(3).toLowerCase(), amount: '5100' })
    expect(queried.histogram).toEqual([
      { exponent: 0, recipients: 2 },
      { exponent: 1, recipients: 2 },
      { exponent: 3, recipients: 17 },
      { exponent: 5, recipients: 1 },
      { exponent: 6, recipients: 1 },
      { exponent: 76, recipients: 1 },
      { exponent: 77, recipients: 1 },
    ])
  })

  it('are queried from the allocations for a campaign imported before they were stored', async () => {
    const campaignId = await newCampaign()
    await importAllocations(database, undefined, { campaignId, body: [Buffer.from(goodCsv)], units: 'tokens', duplicates: 'reject' })
    const queried = await queryCampaignReview(database.db, { campaignId })
    expect(queried.largest[0]).toEqual({ index: 39, account: address(39).toLowerCase(), amount: '40500000' })
    expect(await getCampaignReview(database.db, { campaignId, stored: null })).toEqual(queried)
    expect(await getCampaignReview(database.db, { campaignId, stored: { version: 2 } })).toEqual(queried)
  })
})

describe('import progress across instances', () => {
  /** Another instance, or this one after a restart: none of this process's in-memory import state. */
  const forgetLocalState = () => Object.assign(globalThis, { __arborImportTrackers: new Map() })

  it('shows a rejected file’s count and bad rows to a poll that never saw the upload', async () => {
    const campaignId = await newCampaign()
    const bad = `address,amount\n${address(0)},1\n${address(1)},-1\n${address(2)},1E+21\n`
    await expect(importAllocations(database, undefined, { campaignId, body: chunks(bad), units: 'tokens', duplicates: 'reject' })).rejects.toThrow(AllocationFileError)
    forgetLocalState()
    expect(await getImportProgress(database.sql, campaignId)).toMatchObject({ phase: 'failed', rows: 3, errorCount: 2, message: expect.stringMatching(/2 bad rows/) })
    expect(await listImportErrors(database.sql, campaignId)).toEqual([
      { line: 3, reason: expect.stringMatching(/negative/i) },
      { line: 4, reason: expect.stringMatching(/scientific|number/i) },
    ])
  })

  it('shows a running import’s rows to a poll from elsewhere, and refuses a second upload meanwhile', async () => {
    const campaignId = await newCampaign()
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    // past the parser's first progress report (every 65,536 rows)
    const rows = Array.from({ length: 70_000 }, (_, i) => `${address(i)},1\n`).join('')
    const body = (async function* () {
      yield Buffer.from(`address,amount\n${rows}`)
      await gate
    })()
    const running = importAllocations(database, undefined, { campaignId, body, units: 'tokens', duplicates: 'reject' })
    // this process answers from its own tracker; another instance (no tracker) from the row
    await expect.poll(async () => (await getImportProgress(database.sql, campaignId))?.rows, { timeout: 10_000 }).toBeGreaterThan(0)
    const trackers = (globalThis as { __arborImportTrackers?: Map<string, unknown> }).__arborImportTrackers!
    const mine = trackers.get(campaignId)
    trackers.delete(campaignId)
    await expect.poll(async () => (await getImportProgress(database.sql, campaignId))?.rows, { timeout: 10_000 }).toBeGreaterThan(0)
    expect(await getImportProgress(database.sql, campaignId)).toMatchObject({ phase: 'reading' })
    trackers.set(campaignId, mine)
    await expect(importAllocations(database, undefined, { campaignId, body: chunks(goodCsv), units: 'tokens', duplicates: 'reject' })).rejects.toThrow(/already being imported/)
    release()
    await running
    expect(await getImportProgress(database.sql, campaignId)).toMatchObject({ phase: 'ready', rows: 70_000 })
  })

  it('resets an import left running by a dead process, so the admin sees why and can upload again', async () => {
    const campaignId = await newCampaign()
    await database.sql.query(
      `UPDATE campaigns SET import_phase = 'building', import_rows = 123, import_owner = 'dead-host:1:x',
         import_started_at = now() - interval '5 minutes', import_updated_at = now() - interval '5 minutes' WHERE id = $1`,
      [campaignId],
    )
    expect(await getImportProgress(database.sql, campaignId)).toMatchObject({ phase: 'failed', rows: 123, message: expect.stringMatching(/stopped before it finished/) })
    expect((await database.db.campaign.findUniqueOrThrow({ where: { id: campaignId } })).importPhase).toBe('failed')
    // a fresh heartbeat is not stale: that one is refused, this one (stale again) is taken over
    await database.sql.query(`UPDATE campaigns SET import_phase = 'saving', import_owner = 'other:2:y', import_updated_at = now() WHERE id = $1`, [campaignId])
    await expect(importAllocations(database, undefined, { campaignId, body: chunks(goodCsv), units: 'tokens', duplicates: 'reject' })).rejects.toThrow(/already being imported/)
    await database.sql.query(`UPDATE campaigns SET import_updated_at = now() - interval '3 minutes' WHERE id = $1`, [campaignId])
    const result = await importAllocations(database, undefined, { campaignId, body: chunks(goodCsv), units: 'tokens', duplicates: 'reject' })
    expect(result.recipientCount).toBe(40)
    expect(await getImportProgress(database.sql, campaignId)).toMatchObject({ phase: 'ready' })
  })

  it('a cancel sent to another instance stops the import within a heartbeat, and nothing is stored', async () => {
    const campaignId = await newCampaign()
    let stop = false
    const body = (async function* () {
      yield Buffer.from('address,amount\n')
      for (let i = 0; !stop && i < 600; i++) {
        yield Buffer.from(`${address(i)},1\n`)
        await new Promise((resolve) => setTimeout(resolve, 25))
      }
    })()
    const running = importAllocations(database, undefined, { campaignId, body, units: 'tokens', duplicates: 'reject' }).catch((e: unknown) => e)
    await expect.poll(async () => (await getImportProgress(database.sql, campaignId))?.phase, { timeout: 10_000 }).toBe('reading')
    // the cancel as another instance sends it: only the row changes
    const trackers = (globalThis as { __arborImportTrackers?: Map<string, unknown> }).__arborImportTrackers!
    const mine = trackers.get(campaignId)
    trackers.delete(campaignId)
    await cancelImport(database.sql, campaignId)
    trackers.set(campaignId, mine)
    const error = await running
    stop = true
    expect(error).toBeInstanceOf(Error)
    expect(await getImportProgress(database.sql, campaignId)).toMatchObject({ phase: 'failed', message: expect.stringMatching(/cancelled/) })
    expect(await database.db.allocation.count({ where: { campaignId } })).toBe(0)
    expect((await database.db.campaign.findUniqueOrThrow({ where: { id: campaignId } })).merkleRoot).toBeNull()
  }, 30_000)
})

describe('saving progress', () => {
  it('counts the save’s rows written, entries hashed and tree bytes, each up to its total, never going back', async () => {
    const campaignId = await newCampaign()
    const n = 120_000
    const csv = `address,amount\n${Array.from({ length: n }, (_, i) => `${address(i)},${(i % 90) + 1}`).join('\n')}\n`
    const seen: NonNullable<Awaited<ReturnType<typeof getImportProgress>>>['save'][] = []
    const sampler = setInterval(() => {
      void getImportProgress(database.sql, campaignId).then((progress) => {
        if (progress?.phase === 'saving') seen.push(progress.save)
      })
    }, 2)
    const result = await importAllocations(database, undefined, { campaignId, body: chunks(csv, 1 << 16), units: 'base', duplicates: 'reject' }).finally(() => clearInterval(sampler))
    expect(result.recipientCount).toBe(n)
    expect(seen.length).toBeGreaterThan(0)
    const saves = seen.filter((save) => save !== undefined)
    expect(saves.length).toBe(seen.length)
    for (const save of saves) {
      expect(save.allocations.total).toBe(n)
      expect(save.contentHash.total).toBe(2 * n - 1 + n)
      expect(save.tree.total).toBeGreaterThan(64 * n)
      for (const step of [save.allocations, save.contentHash, save.tree]) expect(step.done).toBeLessThanOrEqual(step.total)
    }
    for (let i = 1; i < saves.length; i++) {
      for (const key of ['allocations', 'contentHash', 'tree'] as const) expect(saves[i]![key].done).toBeGreaterThanOrEqual(saves[i - 1]![key].done)
    }
    // written to the row too, for a poll answered by another instance
    const { rows: [row] } = await database.sql.query<{ save: { contentHash: { total: number } } | null }>('SELECT import_save AS save FROM campaigns WHERE id = $1', [campaignId])
    expect(row?.save?.contentHash.total).toBe(3 * n - 1)
  })

  it('hashDataset reports entries hashed up to the total, and the hash is the same with or without it', async () => {
    const values = Array.from({ length: 5_000 }, (_, i) => [String(i), address(i), String(i + 1)])
    const oz = StandardMerkleTree.of(values, ['uint256', 'address', 'uint256'])
    const dump = JSON.stringify(oz.dump())
    const { tree, values: entries } = oz.dump()
    const reports: { done: number; total: number }[] = []
    const hash = await hashDataset(dump, { onProgress: (progress) => reports.push(progress) })
    expect(hash).toBe(await hashDataset(dump))
    expect(reports.at(-1)).toEqual({ done: tree.length + entries.length, total: tree.length + entries.length })
    for (let i = 1; i < reports.length; i++) expect(reports[i]!.done).toBeGreaterThan(reports[i - 1]!.done)
  })
})
