/**
 * Allocation import against a real database: a good file is stored whole (allocations, compact
 * tree, root, total, content hash); a file with bad rows, or a cancelled upload, stores nothing
 * and leaves an earlier good import as it was.
 */
import { StandardMerkleTree } from '@openzeppelin/merkle-tree'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AllocationFileError } from '@/lib/airdrop/errors'
import { getImportProgress } from '@/lib/airdrop/import-progress'
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
    expect(getImportProgress(campaignId)?.phase).toBe('ready')
  })

  it('stores nothing for a file with bad rows and keeps every bad row for the download', async () => {
    const campaignId = await newCampaign()
    await importAllocations(database, undefined, { campaignId, body: chunks(goodCsv), units: 'tokens', duplicates: 'reject' })
    const before = await database.db.campaign.findUniqueOrThrow({ where: { id: campaignId } })
    const bad = `address,amount\n${address(0)},1\n${address(1)},"1,000"\n${address(0).toLowerCase()},2\n0x12,1\n`
    const error = await importAllocations(database, undefined, { campaignId, body: chunks(bad), units: 'tokens', duplicates: 'reject' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AllocationFileError)
    expect((error as AllocationFileError).details).toMatchObject({ errorCount: 3, rowCount: 4 })
    expect(getImportProgress(campaignId)).toMatchObject({ phase: 'failed', errorCount: 3 })
    expect(getImportProgress(campaignId)!.errors!.map((e) => e.line)).toEqual([3, 4, 5])
    const after = await database.db.campaign.findUniqueOrThrow({ where: { id: campaignId } })
    expect(after.merkleRoot).toBe(before.merkleRoot)
    expect(await database.db.allocation.count({ where: { campaignId } })).toBe(40)
  })

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
    expect(getImportProgress(campaignId)).toMatchObject({ phase: 'failed', message: expect.stringMatching(/cancelled/) })
  })
})
