/** Checks every database target must pass; each *.test.ts runs them against one target. */
import { createHash } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { expect } from 'vitest'
import { applyMigrations, diffAgainstSchema } from '@/lib/db/migrate'
import type { Database } from '@/lib/db/types'

const migrationsDir = path.resolve('prisma/migrations')

export async function migrationNames(): Promise<string[]> {
  const entries = await readdir(migrationsDir, { withFileTypes: true })
  return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort()
}

/** Migrations are already applied (by createTestDatabase or the test): re-applying is a no-op, no drift, rows recorded. */
export async function expectMigrated(database: Database): Promise<void> {
  expect(await applyMigrations(database.adapterFactory)).toEqual({ appliedMigrationNames: [] })
  expect(await diffAgainstSchema(database.adapterFactory)).toBe('')

  const { rows } = await database.sql.query<{ migration_name: string; checksum: string; finished: boolean; rolled_back: boolean; applied_steps_count: number }>(
    `SELECT migration_name, checksum, finished_at IS NOT NULL AS finished, rolled_back_at IS NOT NULL AS rolled_back, applied_steps_count
       FROM _prisma_migrations ORDER BY migration_name`,
  )
  const names = await migrationNames()
  expect(rows.map((row) => row.migration_name)).toEqual(names)
  for (const row of rows) {
    // Prisma's checksum: sha256 of migration.sql, hex (what `migrate deploy` and `migrate status` compare).
    const sql = await readFile(path.join(migrationsDir, row.migration_name, 'migration.sql'))
    expect(row.checksum).toBe(createHash('sha256').update(sql).digest('hex'))
    expect(row.finished).toBe(true)
    expect(row.rolled_back).toBe(false)
    expect(row.applied_steps_count).toBe(1)
  }
}

const UINT256_MAX = (1n << 256n) - 1n

/** Create, read, update, delete through the generated client, plus set-based raw SQL and a transaction. */
export async function expectCrud({ db, sql }: Pick<Database, 'db' | 'sql'>): Promise<void> {
  const suffix = Math.random().toString(36).slice(2, 8)
  const space = await db.space.create({
    data: {
      slug: `space-${suffix}`,
      name: 'Test DAO',
      chainId: 31337,
      tokenAddress: '0x5fbdb2315678afecb367f032d93f642f64180aa3',
      votingPeriod: 3600,
      quorum: UINT256_MAX.toString(),
    },
  })
  expect(space.id).toMatch(/^[0-9a-f-]{36}$/)
  expect(space.quorum.toFixed()).toBe(UINT256_MAX.toString())

  const proposal = await db.proposal.create({
    data: {
      spaceId: space.id,
      number: 1,
      title: 'Fund grants',
      body: '## Summary\nMove **50,000 ARB**.',
      author: '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266',
      choices: ['For', 'Against', 'Abstain'],
      snapshotBlock: 12_345_678_901n,
      startAt: new Date('2026-01-01T00:00:00Z'),
      endAt: new Date('2026-01-04T00:00:00Z'),
      actions: [{ target: '0x0000000000000000000000000000000000000001', value: '0', calldata: '0x' }],
    },
  })
  expect(proposal.state).toBe('pending')
  expect(proposal.snapshotBlock).toBe(12_345_678_901n)

  await db.vote.create({
    data: {
      proposalId: proposal.id,
      voter: '0x70997970c51812dc3a010c7d01b50e0d17dc79c8',
      choice: 1,
      votingPower: '1000000000000000000000',
      timestamp: new Date('2026-01-02T00:00:00Z'),
      messageId: `0x${'ab'.repeat(32)}`,
    },
  })
  // (proposal, voter) is unique: a second vote must replace, never duplicate.
  await expect(
    db.vote.create({
      data: {
        proposalId: proposal.id,
        voter: '0x70997970c51812dc3a010c7d01b50e0d17dc79c8',
        choice: 2,
        votingPower: '1',
        timestamp: new Date(),
        messageId: `0x${'ef'.repeat(32)}`,
      },
    }),
  ).rejects.toThrow(/Unique constraint/)

  const loaded = await db.space.findUniqueOrThrow({
    where: { slug: space.slug },
    include: { proposals: true },
  })
  expect(loaded.proposals[0]?.choices).toEqual(['For', 'Against', 'Abstain'])
  const votes = await db.vote.findMany({ where: { proposalId: loaded.proposals[0]?.id } })
  expect(votes.map((vote) => vote.votingPower.toFixed())).toEqual(['1000000000000000000000'])

  await db.proposal.update({ where: { id: proposal.id }, data: { state: 'active' } })
  expect((await db.proposal.findUniqueOrThrow({ where: { id: proposal.id } })).state).toBe('active')

  // Hot path: allocations imported with one set-based INSERT ... SELECT FROM unnest(...).
  const campaign = await db.campaign.create({
    data: { name: 'Airdrop', chainId: 31337, tokenAddress: '0x5fbdb2315678afecb367f032d93f642f64180aa3' },
  })
  const count = 1000
  const indexes = Array.from({ length: count }, (_, i) => i)
  const accounts = indexes.map((i) => `0x${i.toString(16).padStart(40, '0')}`)
  const amounts = indexes.map((i) => (UINT256_MAX - BigInt(i)).toString())
  const inserted = await sql.transaction(async (tx) => {
    const result = await tx.query(
      `INSERT INTO allocations (campaign_id, index, account, amount)
       SELECT $1::uuid, * FROM unnest($2::int[], $3::text[], $4::numeric[])`,
      [campaign.id, indexes, accounts, amounts],
    )
    await tx.query(`UPDATE campaigns SET recipient_count = $2, status = 'active' WHERE id = $1::uuid`, [campaign.id, count])
    return result.rowCount
  })
  expect(inserted).toBe(count)
  const last = await db.allocation.findUniqueOrThrow({ where: { campaignId_index: { campaignId: campaign.id, index: count - 1 } } })
  expect(last.amount.toFixed()).toBe((UINT256_MAX - BigInt(count - 1)).toString())
  expect((await db.campaign.findUniqueOrThrow({ where: { id: campaign.id } })).status).toBe('active')

  // A failing transaction leaves nothing behind.
  await expect(
    sql.transaction(async (tx) => {
      await tx.query(`INSERT INTO allocations (campaign_id, index, account, amount) VALUES ($1::uuid, $2, 'x', 1)`, [campaign.id, count])
      await tx.query(`INSERT INTO allocations (campaign_id, index, account, amount) VALUES ($1::uuid, $2, 'x', 1)`, [campaign.id, count])
    }),
  ).rejects.toThrow(/duplicate key/)
  expect(await db.allocation.count({ where: { campaignId: campaign.id } })).toBe(count)

  // Prisma interactive transaction.
  await db.$transaction(async (tx) => {
    const batch = await tx.batch.create({
      data: { shard: 0, seq: 1, root: `0x${'11'.repeat(32)}`, count: 1, kind: 'vote', shardKey: proposal.id, tree: new Uint8Array(32).fill(0x11), messages: '[]' },
    })
    await tx.vote.updateMany({ where: { proposalId: proposal.id }, data: { batchId: batch.id } })
  })
  const batch = await db.batch.findUniqueOrThrow({ where: { shardKey_seq: { shardKey: proposal.id, seq: 1 } } })
  expect(await db.vote.count({ where: { batchId: batch.id } })).toBe(1)

  // votes have no foreign key (a per-row check on the intake's hot path); a trigger still deletes them
  await db.space.delete({ where: { id: space.id } })
  expect(await db.vote.count({ where: { proposalId: proposal.id } })).toBe(0)
  await db.claim.create({ data: { campaignId: campaign.id, index: 0, account: accounts[0]!, to: accounts[0]!, amount: amounts[0]!, kind: 'direct' } })
  await db.campaign.delete({ where: { id: campaign.id } })
  expect(await db.allocation.count({ where: { campaignId: campaign.id } })).toBe(0)
  expect(await db.claim.count({ where: { campaignId: campaign.id } })).toBe(0)
}
