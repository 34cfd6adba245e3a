import { randomBytes, randomUUID } from 'node:crypto'
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { createDatabase } from '@/lib/db/create-database'
import { applyMigrations } from '@/lib/db/migrate'
import { env } from '@/lib/env'
import { loggedVotes } from '@/lib/intake/vote-message'
import { adminQuery } from '../support/database'

/** The migration that packs the vote log, a row a batch. */
const PACKED = '20261201100000_vote_log_packed'
/** The migration that moves derived vote ids to vote_ids. */
const VOTE_IDS = '20261201120000_vote_ids'

describe.skipIf(!env.TEST_DATABASE_URL)('the packed vote log and vote id migrations (Postgres)', () => {
  it('packs the former log (a row a vote) into a row a batch, every vote read back as it was; derived ids move to vote_ids', async () => {
    const migrations = path.resolve('prisma/migrations')
    const before = await mkdtemp(path.join(tmpdir(), 'arbor-migrations-'))
    const name = `arbor_test_${randomBytes(6).toString('hex')}`
    await adminQuery(env.TEST_DATABASE_URL!, `CREATE DATABASE ${name}`)
    const url = new URL(env.TEST_DATABASE_URL!)
    url.pathname = `/${name}`
    const database = createDatabase({ kind: 'postgres', url: url.toString(), poolSize: 1 })
    try {
      for (const entry of await readdir(migrations)) {
        if (entry < PACKED || entry === 'migration_lock.toml') await cp(path.join(migrations, entry), path.join(before, entry), { recursive: true })
      }
      await applyMigrations(database.adapterFactory, { migrationsDir: before })
      // two batches as the row-a-vote writer logged them: every leaf, count - 1 to 2 count - 2
      const proposal = randomUUID()
      const votes = [
        ...[4, 3, 2].map((node, k) => ({ batch: 7, node, choice: `${k + 1}`, reason: k === 1 ? 'why, "quoted"' : '', power: `${10n ** 30n + BigInt(k)}`, signed: `[["${k + 1}"],[]]` })),
        { batch: 9, node: 0, choice: '{"1":2}', reason: '', power: '5', signed: '[["1"],["2"],{"eip55":1}]' },
      ].map((vote, i) => ({ ...vote, id: randomBytes(32), voter: randomBytes(20), signature: randomBytes(65), ts: String(1_700_000_000 + i) }))
      for (const vote of votes) {
        await database.sql.query(
          `INSERT INTO vote_log (proposal_id, batch_id, node, message_id, voter, ts, choice, reason, voting_power, signature, signed)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
          [proposal, vote.batch, vote.node, vote.id, vote.voter, vote.ts, vote.choice, vote.reason, vote.power, vote.signature, vote.signed],
        )
      }
      // batch 7 derived (the watermark), batch 9 not yet; batch 5 a vote from before the vote log
      for (const [id, seq] of [[5, 1], [7, 2], [9, 3]]) {
        await database.sql.query(`INSERT INTO batches (id, shard, seq, root, count, kind, shard_key, tree, messages) VALUES ($1, 1, $2, '0x', 1, 'vote', $3, ''::bytea, '[]')`, [id, seq, proposal])
      }
      await database.sql.query('INSERT INTO vote_watermarks (proposal_id, seq) VALUES ($1, 2)', [proposal])
      const preLog = randomBytes(32)
      for (const [id, batch, node] of [[preLog, 5, 0], ...votes.filter((vote) => vote.batch === 7).map((vote) => [vote.id, 7, vote.node] as const)] as const) {
        await database.sql.query('INSERT INTO intake_messages (id, shard_key, batch_id, node, superseded) VALUES ($1, $2, $3, $4, false)', [id, proposal, batch, node])
      }
      const applied = (await applyMigrations(database.adapterFactory)).appliedMigrationNames
      expect(applied).toContain(PACKED)
      expect(applied).toContain(VOTE_IDS)
      // the derived batch's ids are in vote_ids (prefix: the id's first 8 bytes), the pre-log vote stays in intake_messages
      const { rows: ids } = await database.sql.query<{ prefix: string; batch_id: number; node: number }>('SELECT prefix::text, batch_id, node FROM vote_ids ORDER BY node DESC')
      expect(ids).toEqual(votes.filter((vote) => vote.batch === 7).map((vote) => ({ prefix: String(vote.id.readBigInt64BE(0)), batch_id: 7, node: vote.node })))
      const { rows: indexed } = await database.sql.query<{ id: Buffer }>('SELECT id FROM intake_messages')
      expect(indexed).toEqual([{ id: preLog }])
      const { rows: packed } = await database.sql.query<{ batch_id: number; node: number; votes: number }>(
        'SELECT batch_id, node, length(message_ids) / 32 AS votes FROM vote_log ORDER BY batch_id',
      )
      expect(packed).toEqual([{ batch_id: 7, node: 4, votes: 3 }, { batch_id: 9, node: 0, votes: 1 }])
      const { rows } = await database.sql.query<{ proposal_id: string; batch_id: number; node: number; message_id: Buffer; voter: Buffer; signature: Buffer; ts: string; choice: string; reason: string; power: string; signed: string }>(
        `SELECT proposal_id::text, batch_id, node, message_id, voter, signature, ts::text, choice, reason, voting_power::text AS power, signed
         FROM ${loggedVotes('vote_log l')} AS v ORDER BY batch_id, node DESC`,
      )
      expect(rows).toEqual(
        votes.map((vote) => ({
          proposal_id: proposal, batch_id: vote.batch, node: vote.node, message_id: vote.id, voter: vote.voter, signature: vote.signature,
          ts: vote.ts, choice: vote.choice, reason: vote.reason, power: vote.power, signed: vote.signed,
        })),
      )
    } finally {
      await database.close()
      await adminQuery(env.TEST_DATABASE_URL!, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await rm(before, { recursive: true, force: true })
    }
  })
})
