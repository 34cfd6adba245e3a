import { env } from '../env'
import { createDatabase } from './create-database'
import { resolveDatabaseTarget } from './resolve-database-target'
import type { Database } from './types'

// Next's dev server re-evaluates modules on every edit; keeping the instance on globalThis stops
// each reload from opening another pool (or another PGlite on the same directory).
const cache = globalThis as typeof globalThis & { __arborDatabase?: Database }

/** The process-wide database chosen from the environment (see resolveDatabaseTarget). */
export function getDatabase(): Database {
  cache.__arborDatabase ??= createDatabase(resolveDatabaseTarget(env))
  return cache.__arborDatabase
}
