import pg from 'pg'

/** OID of Postgres' internal one-byte `"char"` type (pg_catalog columns such as `contype`). */
const INTERNAL_CHAR = 18
const TEXT = 25

type QueryResultLike = { fields?: { dataTypeID: number }[] }

/**
 * `@prisma/adapter-pg` 7.10 has no column type for `"char"` and throws "Unsupported column type
 * char"; the schema engine reads such columns when it describes a database (`diffAgainstSchema`).
 * The values arrive as one-character strings, so reporting them as text is exact.
 */
function charAsText<T>(result: T): T {
  for (const one of Array.isArray(result) ? result : [result]) {
    for (const field of (one as QueryResultLike | undefined)?.fields ?? []) {
      if (field.dataTypeID === INTERNAL_CHAR) field.dataTypeID = TEXT
    }
  }
  return result
}

class ArborPgClient extends pg.Client {
  // pg's query has many overloads (promise, callback, submittable); wrap the result of each.
  override query(...args: unknown[]): never {
    const last = args.length - 1
    const callback = args[last]
    if (typeof callback === 'function') {
      args[last] = (error: unknown, result: unknown) => callback(error, error ? result : charAsText(result))
    }
    const returned = (super.query as (...a: unknown[]) => unknown)(...args)
    return (returned instanceof Promise ? returned.then(charAsText) : returned) as never
  }
}

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
