import { VercelClient } from '@vercel/postgres'
import pg from 'pg'
import type { NeonWebSocketOptions } from './types'
import { withCharAsText } from './with-char-as-text'

export type CreateVercelPoolParameters = {
  /** Vercel's POSTGRES_URL (or any Postgres URL the WebSocket proxy can reach). */
  connectionString: string
  max?: number
  /** A connection that has not started within this time fails instead of waiting forever. */
  connectionTimeoutMillis?: number
  webSocket?: NeonWebSocketOptions
}

/** Neon computes may take a few seconds to wake up; a broken transport must still fail. */
const DEFAULT_CONNECTION_TIMEOUT_MS = 15_000

/**
 * A `pg` pool whose connections are `@vercel/postgres` clients (Neon's WebSocket transport).
 *
 * Not `createPool()` of `@vercel/postgres`: its pool is Neon's own `Pool` class, which
 * `@prisma/adapter-pg` does not recognise (`instanceof pg.Pool`); the adapter then takes the pool
 * object for a config and opens a second pool from its fields, which sends a startup packet with an
 * object in it and never connects. Neon's `Pool` adds nothing else unless `poolQueryViaFetch` is on.
 */
export function createVercelPool({
  connectionString,
  max = 10,
  connectionTimeoutMillis = DEFAULT_CONNECTION_TIMEOUT_MS,
  webSocket = {},
}: CreateVercelPoolParameters): pg.Pool {
  const Base = withCharAsText(VercelClient)
  class ArborVercelClient extends Base {
    constructor(config: pg.ClientConfig) {
      super(config)
      // Per-client settings (the socket's own `neonConfig`), so that no global state is changed.
      Object.assign(this.neonConfig, definedOnly(webSocket))
    }
  }
  const pool = new pg.Pool({
    connectionString,
    max,
    connectionTimeoutMillis,
    Client: ArborVercelClient as unknown as NonNullable<pg.PoolConfig['Client']>,
  })
  // An idle client losing its server must not crash the process; the next query reconnects.
  pool.on('error', (error) => console.error('[db] idle Vercel Postgres client error:', error.message))
  return pool
}

function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>
}
