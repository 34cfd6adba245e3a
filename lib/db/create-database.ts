import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { PrismaPg } from '@prisma/adapter-pg'
import type pg from 'pg'
import { PrismaPGlite } from 'pglite-prisma-adapter'
import { createPgPool } from './create-pg-pool'
import { createVercelPool } from './create-vercel-pool'
import { PrismaClient } from '../../prisma/generated/client'
import type { Database, DatabaseTarget, SqlClient, SqlQueryable } from './types'

export type CreateDatabaseParameters = DatabaseTarget
export type CreateDatabaseReturnType = Database

/**
 * Opens Arbor's database for one target: Prisma (through a driver adapter) plus raw SQL on the
 * same connections. Synchronous: connections open on first use.
 */
export function createDatabase(target: CreateDatabaseParameters): CreateDatabaseReturnType {
  if (target.kind === 'pglite') {
    const dataDir = target.dataDir.startsWith('memory://') ? target.dataDir : path.resolve(target.dataDir)
    const pglite = new PGlite(dataDir)
    const adapterFactory = new PrismaPGlite(pglite)
    const db = new PrismaClient({ adapter: adapterFactory })
    return {
      target,
      db,
      sql: pgliteSqlClient(pglite),
      adapterFactory,
      close: async () => {
        await db.$disconnect()
        if (!pglite.closed) await pglite.close()
      },
    }
  }
  // Vercel: @vercel/postgres' clients (Neon's WebSocket transport) in a pg pool, which
  // @prisma/adapter-pg drives as it is (@prisma/adapter-neon is not installed).
  const pool =
    target.kind === 'vercel'
      ? createVercelPool({ connectionString: target.url, max: target.poolSize, webSocket: target.webSocket })
      : createPgPool({ connectionString: target.url, max: target.poolSize })
  const adapterFactory = new PrismaPg(pool)
  const db = new PrismaClient({ adapter: adapterFactory })
  return {
    target,
    db,
    sql: pgSqlClient(pool),
    adapterFactory,
    close: async () => {
      await db.$disconnect()
      await pool.end()
    },
  }
}

function pgSqlClient(pool: pg.Pool): SqlClient {
  return {
    query: (text: string, params?: unknown[]) => pool.query(text, params),
    async transaction<T>(work: (tx: SqlQueryable) => Promise<T>): Promise<T> {
      const client = await pool.connect()
      try {
        await client.query('BEGIN')
        const result = await work({ query: (text, params) => client.query(text, params) } as SqlQueryable)
        await client.query('COMMIT')
        return result
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {})
        throw error
      } finally {
        client.release()
      }
    },
  } as SqlClient
}

function pgliteSqlClient(pglite: PGlite): SqlClient {
  const run = (on: Pick<PGlite, 'query'>): SqlQueryable['query'] =>
    (async (text: string, params?: unknown[]) => {
      const result = await on.query(text, params)
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length }
    }) as SqlQueryable['query']
  return {
    query: run(pglite),
    transaction: (work) => pglite.transaction((tx) => work({ query: run(tx) })),
  }
}
