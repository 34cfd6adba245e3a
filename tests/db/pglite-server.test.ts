import pg from 'pg'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createDatabase } from '@/lib/db/create-database'
import { applyMigrations } from '@/lib/db/migrate'
import { servePglite, type ServePgliteReturnType } from '@/lib/db/pglite-server'
import type { Database } from '@/lib/db/types'
import { expectCrud, migrationNames } from './cases'

// The dev stack's path: one PGlite served over a socket, reached by Prisma through pg.
let server: ServePgliteReturnType
let database: Database

beforeAll(async () => {
  server = await servePglite({ dataDir: 'memory://', maxConnections: 8 })
  database = createDatabase({ kind: 'postgres', url: server.url, poolSize: 4 })
})
afterAll(async () => {
  await database?.close()
  await server?.close()
})

it('pglite-socket: migrations over the wire, re-applying is a no-op, CRUD and transactions through Prisma', async () => {
  expect((await applyMigrations(database.adapterFactory)).appliedMigrationNames).toEqual(await migrationNames())
  expect((await applyMigrations(database.adapterFactory)).appliedMigrationNames).toEqual([])
  // diffAgainstSchema is not run here: over @prisma/adapter-pg, PGlite's pg_constraint rows of
  // type 'n' (NOT NULL constraints, Postgres 18) arrive as text and the engine's describer panics.
  // PGlite's drift is checked in-process in pglite.test.ts.
  await expectCrud(database)
})

it('pglite-socket: concurrent queries from a pool get their own results; transactions stay whole', async () => {
  const results = await Promise.all(
    Array.from({ length: 200 }, (_, i) =>
      database.sql.query<{ i: number; k: number; s: string }>(`SELECT $1::int AS i, ${i} AS k, $2::text AS s`, [i, `x${i}`]),
    ),
  )
  results.forEach((result, i) => expect(result.rows[0]).toEqual({ i, k: i, s: `x${i}` }))

  await database.sql.query('CREATE TABLE socket_check (id int PRIMARY KEY)')
  await Promise.all(
    Array.from({ length: 10 }, (_, k) =>
      database.sql
        .transaction(async (tx) => {
          for (let j = 0; j < 5; j++) await tx.query('INSERT INTO socket_check VALUES ($1)', [k * 10 + j])
          if (k % 2 === 1) throw new Error('roll back')
        })
        .catch(() => undefined),
    ),
  )
  const { rows } = await database.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM socket_check')
  expect(rows[0]?.n).toBe(25)
})

it('pglite-socket: connections beyond maxConnections are refused, so pools must fit under it', async () => {
  const small = await servePglite({ dataDir: 'memory://', maxConnections: 1 })
  const pool = new pg.Pool({ connectionString: small.url, max: 2 })
  pool.on('error', () => {})
  try {
    const outcomes = await Promise.allSettled([pool.query('SELECT pg_sleep(0.2)'), pool.query('SELECT 1')])
    expect(outcomes.some((outcome) => outcome.status === 'rejected')).toBe(true)
  } finally {
    await pool.end().catch(() => {})
    await small.close()
  }
})

it('pglite-socket: many connections running parameterized statements at once never interleave (each gets its own rows, no "portal does not exist")', async () => {
  const wide = await servePglite({ dataDir: 'memory://', maxConnections: 16 })
  const pool = new pg.Pool({ connectionString: wide.url, max: 12 })
  try {
    await pool.query('CREATE TABLE wide_check (id int PRIMARY KEY, v text)')
    const work = Array.from({ length: 1_500 }, async (_, i) => {
      if (i % 10 === 0) {
        // a transaction from one connection, while the others keep sending statements
        const client = await pool.connect()
        try {
          await client.query('BEGIN')
          await client.query('INSERT INTO wide_check VALUES ($1, $2)', [i, `v${i}`])
          const { rows } = await client.query<{ v: string }>('SELECT v FROM wide_check WHERE id = $1', [i])
          await client.query('COMMIT')
          return rows[0]?.v === `v${i}`
        } finally {
          client.release()
        }
      }
      // statements of different shapes (one, two or three parameters), so a Bind meeting another
      // connection's Parse fails or answers the wrong row
      const shape = i % 3
      const { rows } =
        shape === 0
          ? await pool.query<{ i: number }>('SELECT $1::int AS i', [i])
          : shape === 1
            ? await pool.query<{ i: number }>('SELECT $1::int + $2::int - $2::int AS i', [i, 7])
            : await pool.query<{ i: number }>('SELECT ($1::int + $2::int + $3::int) - $2::int - $3::int AS i', [i, 1, 2])
      return rows[0]?.i === i
    })
    const outcomes = await Promise.allSettled(work)
    const failures = outcomes.filter((o) => o.status === 'rejected').map((o) => String((o as PromiseRejectedResult).reason))
    expect(failures.slice(0, 3)).toEqual([])
    expect(outcomes.every((o) => o.status === 'fulfilled' && o.value)).toBe(true)
    expect((await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM wide_check')).rows[0]!.n).toBe(150)
  } finally {
    await pool.end().catch(() => {})
    await wide.close()
  }
}, 120_000)
