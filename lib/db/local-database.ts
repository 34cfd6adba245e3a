import path from 'node:path'
import { createDatabase } from './create-database'
import { applyMigrations } from './migrate'
import { servePglite } from './pglite-server'
import type { Db, SqlClient } from './types'

export type StartLocalDatabaseParameters = {
  /** A Postgres server to use as it is; unset: embedded PGlite in `${dataDir}/pgdata`. */
  url?: string
  dataDir: string
  /** Port of the PGlite socket; 0 (default) picks a free one. */
  port?: number
}

export type LocalDatabase = {
  /** What other processes (Next, CLIs) put in DATABASE_URL. */
  url: string
  /** One line for the dev stack's log. */
  description: string
  /** Prisma client of this process, through the same URL. */
  db: Db
  /** Raw SQL of this process, through the same pool. */
  sql: SqlClient
  stop: () => Promise<void>
}

/** Connections the PGlite socket accepts: Next's pool, this process's and a few CLIs. */
const PGLITE_MAX_CONNECTIONS = 32

/**
 * The dev stack's database, migrated: the given server, or the one embedded PGlite served over a
 * local socket so that Next (another process) and CLIs reach it with a plain postgres:// URL.
 */
export async function startLocalDatabase({ url, dataDir, port = 0 }: StartLocalDatabaseParameters): Promise<LocalDatabase> {
  const server = url
    ? undefined
    : await servePglite({ dataDir: path.join(dataDir, 'pgdata'), port, maxConnections: PGLITE_MAX_CONNECTIONS })
  const databaseUrl = url ?? server!.url
  // This process also goes through the socket: in-process PGlite queries would bypass its queue.
  const database = createDatabase({ kind: 'postgres', url: databaseUrl, poolSize: 2 })
  try {
    const { appliedMigrationNames } = await applyMigrations(database.adapterFactory)
    const migrated = appliedMigrationNames.length === 0 ? 'up to date' : `applied ${appliedMigrationNames.join(', ')}`
    const where = server ? `PGlite in ${path.join(dataDir, 'pgdata')} served on ${new URL(databaseUrl).host}` : redact(databaseUrl)
    return {
      url: databaseUrl,
      description: `${where} (migrations ${migrated})`,
      db: database.db,
      sql: database.sql,
      stop: async () => {
        await database.close()
        await server?.close()
      },
    }
  } catch (error) {
    await database.close()
    await server?.close()
    throw error
  }
}

function redact(url: string): string {
  const parsed = new URL(url)
  if (parsed.password) parsed.password = '***'
  return parsed.toString()
}
