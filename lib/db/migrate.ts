/**
 * Migrations, offline. Prisma's CLI downloads a native schema engine before every command, which
 * these machines cannot reach; the same engine ships on npm as WebAssembly
 * (`@prisma/schema-engine-wasm`, the version matching the CLI) and talks to the database through a
 * Prisma driver adapter. This file is the one place that drives it:
 *
 *   applyMigrations(factory)     what `prisma migrate deploy` does, same `_prisma_migrations` rows
 *   diffAgainstSchema(factory)   SQL that would bring the database to schema.prisma ('' = no drift)
 *   createMigration(factory, n)  what `prisma migrate dev --create-only` does: writes
 *                                prisma/migrations/<timestamp>_<n>/migration.sql
 *
 * CLI: `npx tsx lib/db/migrate.ts deploy | diff | new <name>` against DATABASE_URL (or
 * TEST_DATABASE_URL), or an in-memory PGlite when neither is set (`new` and `diff` only).
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  bindMigrationAwareSqlAdapterFactory,
  type ErrorCapturingSqlMigrationAwareDriverAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils'
import type { MigrationList, SchemaEngine, SchemaFilter } from '@prisma/schema-engine-wasm'
import { BaseError } from '../errors'

export type MigrationPaths = {
  /** Default: prisma/schema.prisma of this repository. */
  schemaPath?: string
  /** Default: prisma/migrations of this repository. */
  migrationsDir?: string
}

const prismaDir = fileURLToPath(new URL('../../prisma/', import.meta.url))
const noFilter: SchemaFilter = { externalTables: [], externalEnums: [] }
const lockfileName = 'migration_lock.toml'

export class MigrationError extends BaseError {
  override name = 'MigrationError'
  constructor(message: string, cause?: unknown) {
    super(message, { code: 'internal', cause })
  }
}

type Bg = typeof import('@prisma/schema-engine-wasm/schema_engine_bg')
let engineModule: Promise<Bg> | undefined

/** The package is built for bundlers (`import * as wasm from '...wasm'`): instantiate it by hand. */
function loadEngineModule(): Promise<Bg> {
  engineModule ??= (async () => {
    const bg = await import('@prisma/schema-engine-wasm/schema_engine_bg')
    const require = createRequire(import.meta.url)
    const wasmPath = path.join(path.dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg')), 'schema_engine_bg.wasm')
    const { instance } = await WebAssembly.instantiate(await readFile(wasmPath), { './schema_engine_bg.js': bg })
    bg.__wbg_set_wasm(instance.exports)
    ;(instance.exports.__wbindgen_start as () => void)()
    return bg
  })()
  return engineModule
}

async function readSchema(schemaPath: string) {
  return { files: [{ path: schemaPath, content: await readFile(schemaPath, 'utf8') }] }
}

/** The migrations folder as Prisma's CLI reads it: directories in name order, each with migration.sql. */
async function readMigrations(migrationsDir: string): Promise<MigrationList> {
  const entries = await readdir(migrationsDir, { withFileTypes: true }).catch(() => [])
  const names = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort()
  const migrationDirectories = await Promise.all(
    names.map(async (name) => {
      const content = await readFile(path.join(migrationsDir, name, 'migration.sql'), 'utf8').then(
        (value) => ({ tag: 'ok' as const, value }),
        (error: Error) => ({ tag: 'error' as const, value: error.message }),
      )
      return { path: name, migrationFile: { path: 'migration.sql', content } }
    }),
  )
  const lockfile = await readFile(path.join(migrationsDir, lockfileName), 'utf8').catch(() => null)
  return {
    baseDir: migrationsDir,
    lockfile: { path: lockfileName, content: lockfile },
    shadowDbInitScript: '',
    migrationDirectories,
  }
}

/** Runs `work` with an engine bound to the adapter, and frees it afterwards. */
async function withEngine<T>(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  schemaPath: string,
  work: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const bg = await loadEngineModule()
  const adapter: ErrorCapturingSqlMigrationAwareDriverAdapterFactory = bindMigrationAwareSqlAdapterFactory(adapterFactory)
  const schema = await readSchema(schemaPath)
  const logs: string[] = []
  let engine: SchemaEngine | undefined
  try {
    engine = await bg.SchemaEngine.new(
      { datamodels: schema.files.map((file) => [file.path, file.content]) },
      (line: string) => void logs.push(line),
      adapter,
    )
    return await work(engine)
  } catch (error) {
    throw new MigrationError(`Schema engine: ${describeEngineError(error, adapter)}`, error)
  } finally {
    engine?.free()
  }
}

/** Engine errors carry either a message or the id of a JS error the adapter captured. */
function describeEngineError(error: unknown, adapter: ErrorCapturingSqlMigrationAwareDriverAdapterFactory): string {
  const found = JSON.stringify(error)?.match(/"id":\s*(\d+)/)
  const captured = found ? adapter.errorRegistry.consumeError(Number(found[1]))?.error : undefined
  if (captured instanceof Error) return captured.message
  if (error instanceof Error) return error.message
  return String(error)
}

export type ApplyMigrationsReturnType = { appliedMigrationNames: string[] }

/**
 * Applies every pending migration of prisma/migrations, recording each in `_prisma_migrations`
 * exactly as `prisma migrate deploy` does (same engine, same checksums). Applying twice is a no-op.
 */
export async function applyMigrations(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  { schemaPath = path.join(prismaDir, 'schema.prisma'), migrationsDir = path.join(prismaDir, 'migrations') }: MigrationPaths = {},
): Promise<ApplyMigrationsReturnType> {
  const migrationsList = await readMigrations(migrationsDir)
  return withEngine(adapterFactory, schemaPath, (engine) => engine.applyMigrations({ migrationsList, filters: noFilter }))
}

/**
 * The SQL script that would bring the live database to schema.prisma. An empty string means the
 * database matches the schema (no drift).
 */
export async function diffAgainstSchema(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  { schemaPath = path.join(prismaDir, 'schema.prisma') }: Pick<MigrationPaths, 'schemaPath'> = {},
): Promise<string> {
  const schema = await readSchema(schemaPath)
  const result = await withEngine(adapterFactory, schemaPath, (engine) =>
    engine.diff({
      from: { tag: 'schemaDatasource', files: schema.files, configDir: path.dirname(schemaPath) },
      to: { tag: 'schemaDatamodel', files: schema.files },
      script: true,
      exitCode: null,
      filters: noFilter,
    }),
  )
  return isEmptyScript(result.stdout ?? '') ? '' : (result.stdout ?? '')
}

/** The engine answers an empty diff with a comment line. */
function isEmptyScript(script: string): boolean {
  return script
    .split('\n')
    .map((line) => line.trim())
    .every((line) => line === '' || line.startsWith('--'))
}

export type CreateMigrationReturnType = { migrationName: string; path: string; script: string } | undefined

/**
 * Writes the next migration: the SQL from the current migrations to schema.prisma, in
 * prisma/migrations/<yyyymmddhhmmss>_<name>/migration.sql, as `prisma migrate dev --create-only`
 * would. Replaying the existing migrations needs a shadow database, taken from the adapter
 * (`connectToShadowDb`: a temporary database on a server, a fresh in-memory PGlite otherwise).
 * Returns undefined when the schema has no change to migrate.
 */
export async function createMigration(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  name: string,
  { schemaPath = path.join(prismaDir, 'schema.prisma'), migrationsDir = path.join(prismaDir, 'migrations') }: MigrationPaths = {},
): Promise<CreateMigrationReturnType> {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '')
  if (slug === '') throw new MigrationError(`Invalid migration name: "${name}"`)
  const migrationsList = await readMigrations(migrationsDir)
  const schema = await readSchema(schemaPath)
  const from = migrationsList.migrationDirectories.length === 0 ? ({ tag: 'empty' } as const) : ({ tag: 'migrations', ...migrationsList } as const)
  const result = await withEngine(adapterFactory, schemaPath, (engine) =>
    engine.diff({ from, to: { tag: 'schemaDatamodel', files: schema.files }, script: true, exitCode: null, filters: noFilter }),
  )
  const script = result.stdout ?? ''
  if (isEmptyScript(script)) return undefined

  const migrationName = `${timestamp(new Date())}_${slug}`
  const directory = path.join(migrationsDir, migrationName)
  await mkdir(directory, { recursive: true })
  await writeFile(path.join(directory, 'migration.sql'), script)
  if (migrationsList.lockfile.content === null) {
    await writeFile(
      path.join(migrationsDir, lockfileName),
      '# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "postgresql"\n',
    )
  }
  return { migrationName, path: path.join(directory, 'migration.sql'), script }
}

/** Prisma's migration id prefix: UTC yyyymmddhhmmss. */
function timestamp(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, '').slice(0, 14)
}

async function cli(argv: string[]): Promise<number> {
  const [command, name] = argv
  const usage = 'Usage: npx tsx lib/db/migrate.ts deploy | diff | new <name>'
  if (command !== 'deploy' && command !== 'diff' && !(command === 'new' && name)) {
    process.stderr.write(`${usage}\n`)
    return 2
  }
  const { env } = await import('../env')
  const { createDatabase } = await import('./create-database')
  const url = env.DATABASE_URL ?? env.TEST_DATABASE_URL
  if (!url && command === 'deploy') {
    process.stderr.write('deploy needs DATABASE_URL (the dev stack migrates its PGlite itself).\n')
    return 2
  }
  // Without a server, an in-memory PGlite: enough to replay migrations (new) or check them (diff).
  const database = createDatabase(url ? { kind: 'postgres', url, poolSize: 2 } : { kind: 'pglite', dataDir: 'memory://' })
  const factory = database.adapterFactory
  const close = database.close
  if (!url && command === 'diff') await applyMigrations(factory)
  try {
    if (command === 'deploy') {
      const { appliedMigrationNames } = await applyMigrations(factory)
      process.stdout.write(appliedMigrationNames.length === 0 ? 'No pending migrations.\n' : `Applied: ${appliedMigrationNames.join(', ')}\n`)
    } else if (command === 'diff') {
      const script = await diffAgainstSchema(factory)
      process.stdout.write(script === '' ? 'No drift: the database matches prisma/schema.prisma.\n' : script)
    } else {
      const created = await createMigration(factory, name!)
      process.stdout.write(created ? `Created ${path.relative(process.cwd(), created.path)}\n` : 'No schema change: nothing to migrate.\n')
    }
    return 0
  } finally {
    await close()
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await cli(process.argv.slice(2))
}
