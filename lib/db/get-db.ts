import { getDatabase } from './get-database'
import type { Db } from './types'

/** The process-wide Prisma client: what route handlers and server components pass to lib/. */
export function getDb(): Db {
  return getDatabase().db
}
