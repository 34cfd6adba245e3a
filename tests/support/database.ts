/**
 * A fresh, migrated database for integration tests.
 *
 * With TEST_DATABASE_URL (CI always sets it): a new database `arbor_test_<random>` on that server,
 * dropped by `drop()`. Without it: an in-memory PGlite (4-9 s to create: call this once per test
 * file, in `beforeAll`, and share it between the file's tests).
 */
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { createDatabase } from '@/lib/db/create-database'
import { applyMigrations } from '@/lib/db/migrate'
import type { Database, Db, SqlClient } from '@/lib/db/types'
import { env } from '@/lib/env'

export type TestDatabase = {
  kind: 'postgres' | 'pglite'
  db: Db
  sql: SqlClient
  database: Database
  /** postgres:// URL of the test database (server only). */
  url: string | undefined
  drop: () => Promise<void>
}

export async function createTestDatabase({ serverUrl = env.TEST_DATABASE_URL }: { serverUrl?: string } = {}): Promise<TestDatabase> {
  if (!serverUrl) {
    const database = createDatabase({ kind: 'pglite', dataDir: 'memory://' })
    await applyMigrations(database.adapterFactory)
    return { kind: 'pglite', db: database.db, sql: database.sql, database, url: undefined, drop: database.close }
  }
  const name = `arbor_test_${randomBytes(6).toString('hex')}`
  await adminQuery(serverUrl, `CREATE DATABASE ${name}`)
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  const database = createDatabase({ kind: 'postgres', url: url.toString(), poolSize: 4 })
  const drop = async () => {
    await database.close()
    await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
  }
  try {
    await applyMigrations(database.adapterFactory)
  } catch (error) {
    await drop()
    throw error
  }
  return { kind: 'postgres', db: database.db, sql: database.sql, database, url: url.toString(), drop }
}

/** One statement on the test server's maintenance database (CREATE / DROP DATABASE). */
export async function adminQuery(serverUrl: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 20_000 })
  await client.connect()
  try {
    await client.query(text)
  } finally {
    await client.end()
  }
}
