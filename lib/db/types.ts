import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils'
import type { PrismaClient } from '../../prisma/generated/client'

/** The Prisma client every data function takes as its first argument. */
export type Db = PrismaClient

/** One row-returning SQL call, `$1`-style parameters. Satisfied by `pg` pools and clients. */
export type SqlQueryable = {
  query<Row = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: Row[]; rowCount: number | null }>
}

/** Raw SQL for the hot paths (set-based INSERT ... SELECT FROM unnest(...), batch writes). */
export type SqlClient = SqlQueryable & {
  /**
   * Runs `work` in one transaction on one connection: COMMIT if it resolves, ROLLBACK if it throws.
   * `timeoutMs`: each statement and the whole transaction give up after this long (a
   * `TransactionTimeoutError`); on a server the connection is dropped, so the server rolls back.
   */
  transaction<T>(work: (tx: SqlQueryable) => Promise<T>, options?: TransactionOptions): Promise<T>
}

export type TransactionOptions = { timeoutMs?: number }

/**
 * Per-connection overrides of `@neondatabase/serverless`' `neonConfig` (the copy `@vercel/postgres`
 * imports), e.g. to reach a plain Postgres through a local WebSocket-to-TCP bridge in tests.
 */
export type NeonWebSocketOptions = {
  /** Proxy address without protocol, or `(host, port) => address`. Neon: `${host}/v2`. */
  wsProxy?: string | ((host: string, port: number | string) => string)
  /** `wss:` (default) or `ws:`. */
  useSecureWebSocket?: boolean
  /** `'password'` (default) pipelines startup and a cleartext password: Neon only; `false` otherwise. */
  pipelineConnect?: 'password' | false
  /** Default true: no TLS inside the WebSocket (the `wss:` tunnel encrypts). */
  forceDisablePgSSL?: boolean
}

export type DatabaseTarget =
  /** A Postgres server (or the dev stack's PGlite socket) through `pg` + `@prisma/adapter-pg`. */
  | { kind: 'postgres'; url: string; poolSize?: number }
  /**
   * Vercel Postgres (Neon) through `@vercel/postgres`' client (Neon's WebSocket transport) in a
   * `pg` pool + `@prisma/adapter-pg`. `webSocket` unset: Neon's defaults (wss://<host>/v2).
   */
  | { kind: 'vercel'; url: string; poolSize?: number; webSocket?: NeonWebSocketOptions }
  /** Embedded PGlite in this process; `dataDir` is a directory or `memory://`. */
  | { kind: 'pglite'; dataDir: string }

export type Database = {
  target: DatabaseTarget
  db: Db
  sql: SqlClient
  /** The adapter factory, for lib/db/migrate.ts (applyMigrations, diffAgainstSchema). */
  adapterFactory: SqlMigrationAwareDriverAdapterFactory
  /** Disconnects Prisma and closes the pool (or the PGlite instance). */
  close: () => Promise<void>
}
