import pg from 'pg'
import { withCharAsText } from './with-char-as-text'

/** Reports `"char"` columns as text for `@prisma/adapter-pg` (see withCharAsText). */
const ArborPgClient = withCharAsText(pg.Client)

export type CreatePgPoolParameters = pg.PoolConfig & { connectionString: string }

/**
 * A `pg` pool for a Postgres server (or the dev stack's PGlite socket). Hand it to
 * `@prisma/adapter-pg` for Prisma, and use it directly for set-based SQL on hot paths.
 */
export function createPgPool({ max = 10, ...config }: CreatePgPoolParameters): pg.Pool {
  const pool = new pg.Pool({ ...config, max, Client: ArborPgClient })
  // An idle client losing its server must not crash the process; the next query reconnects.
  pool.on('error', (error) => console.error('[db] idle Postgres client error:', error.message))
  return pool
}
