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

// TypeScript requires a mixin's base constructor to take `...args: any[]`.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type QueryingClientClass = new (...args: any[]) => { query(...args: any[]): unknown }

/**
 * A subclass of a pg-compatible client class (`pg.Client`, `@vercel/postgres`' `VercelClient`)
 * whose query results report `"char"` columns as text, for `@prisma/adapter-pg` (see above).
 */
export function withCharAsText<TBase extends QueryingClientClass>(Base: TBase): TBase {
  return class extends Base {
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
}
