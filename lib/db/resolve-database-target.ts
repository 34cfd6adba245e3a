import path from 'node:path'
import type { ServerEnv } from '../env'
import type { DatabaseTarget } from './types'

export type ResolveDatabaseTargetParameters = Pick<ServerEnv, 'VERCEL' | 'POSTGRES_URL' | 'DATABASE_URL' | 'ARBOR_DATA_DIR'>

/**
 * Where Arbor's data lives, from the environment: on Vercel its Postgres; with DATABASE_URL that
 * server; otherwise embedded PGlite in `${ARBOR_DATA_DIR}/pgdata`.
 */
export function resolveDatabaseTarget(env: ResolveDatabaseTargetParameters): DatabaseTarget {
  if (env.VERCEL && env.POSTGRES_URL) return { kind: 'vercel', url: env.POSTGRES_URL }
  if (env.DATABASE_URL) return { kind: 'postgres', url: env.DATABASE_URL }
  return { kind: 'pglite', dataDir: path.join(env.ARBOR_DATA_DIR, 'pgdata') }
}
