import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { PrismaPg } from '@prisma/adapter-pg'
import type pg from 'pg'
import { PrismaPGlite } from 'pglite-prisma-adapter'
import { createPgPool } from './create-pg-pool'
import { createVercelPool } from './create-vercel-pool'
import { PrismaClient } from '../../prisma/generated/client'
import { BaseError } from '../errors'
import type { Database, DatabaseTarget, SqlClient, SqlQueryable, TransactionOptions } from './types'

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

/** A transaction that ran past its `timeoutMs` (its connection was dropped; nothing it wrote is kept). */
export class TransactionTimeoutError extends BaseError {
  override name = 'TransactionTimeoutError'
  constructor(timeoutMs: number) {
    super(`the transaction ran past ${timeoutMs} ms and was abandoned`, { code: 'internal' })
  }
}

function pgSqlClient(pool: pg.Pool): SqlClient {
  return {
    query: (text: string, params?: unknown[]) => pool.query(text, params),
    async transaction<T>(work: (tx: SqlQueryable) => Promise<T>, { timeoutMs }: TransactionOptions = {}): Promise<T> {
      const client = await pool.connect()
      let timedOut = false
      // the server's own limits (a statement, a client gone idle inside the transaction), and ours:
      // a connection that stops answering (a wedged proxy, a lost network) is dropped, which fails
      // every pending query at once and makes the server roll back
      const timer =
        timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              timedOut = true
              ;(client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy()
            }, timeoutMs)
      let broken: unknown
      try {
        await client.query(
          timeoutMs === undefined
            ? 'BEGIN'
            : `BEGIN; SET LOCAL statement_timeout = ${Math.floor(timeoutMs)}; SET LOCAL idle_in_transaction_session_timeout = ${Math.floor(timeoutMs)}`,
        )
        const result = await work({ query: (text, params) => client.query(text, params) } as SqlQueryable)
        await client.query('COMMIT')
        return result
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: unknown) => (broken = rollbackError))
        if (timedOut) broken ??= error
        throw timedOut ? new TransactionTimeoutError(timeoutMs!) : error
      } finally {
        clearTimeout(timer)
        client.release(broken as Error | undefined)
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
    // PGlite runs one statement at a time in this process and cannot interrupt one: past
    // `timeoutMs` the caller stops waiting (and frees what it holds); the transaction itself
    // finishes, commits or rolls back on its own
    transaction: (work, { timeoutMs } = {}) => {
      const done = pglite.transaction((tx) => work({ query: run(tx) }))
      if (timeoutMs === undefined) return done
      let timer: NodeJS.Timeout | undefined
      const expired = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new TransactionTimeoutError(timeoutMs)), timeoutMs)
      })
      return Promise.race([done, expired]).finally(() => clearTimeout(timer))
    },
  }
}
