import type { Db, SqlClient, SqlQueryable } from './types'

/**
 * A `SqlClient` over a Prisma client, for the few raw-SQL functions a caller holding only `db`
 * needs (live results run the vote derivation: lib/intake/materialize-votes.ts). Statements go
 * through `$queryRawUnsafe` (`$1` parameters); a transaction is Prisma's interactive one.
 * Columns must have types Prisma reads (no `void`: wrap such calls in count(...)).
 */
export function prismaSqlClient(db: Db): SqlClient {
  const on = (client: Pick<Db, '$queryRawUnsafe'>): SqlQueryable => ({
    async query<Row>(text: string, params: unknown[] = []) {
      const rows = await client.$queryRawUnsafe<Row[]>(text, ...params)
      return { rows, rowCount: rows.length }
    },
  })
  return {
    ...on(db),
    transaction: (work, { timeoutMs } = {}) => db.$transaction((tx) => work(on(tx)), timeoutMs ? { timeout: timeoutMs, maxWait: timeoutMs } : undefined),
  }
}
