import { afterAll, beforeAll, expect, it } from 'vitest'
import { createDatabase } from '@/lib/db/create-database'
import { applyMigrations } from '@/lib/db/migrate'
import type { Database } from '@/lib/db/types'
import { expectCrud, expectMigrated, migrationNames } from './cases'

// One embedded PGlite for the file: creating one costs seconds.
let database: Database
let applied: string[]

beforeAll(async () => {
  database = createDatabase({ kind: 'pglite', dataDir: 'memory://' })
  applied = (await applyMigrations(database.adapterFactory)).appliedMigrationNames
})
afterAll(() => database?.close())

it('PGlite: migrations apply to an empty database, re-applying is a no-op, no drift', async () => {
  expect(applied).toEqual(await migrationNames())
  await expectMigrated(database)
})

it('PGlite: CRUD through the generated client and raw SQL', async () => {
  await expectCrud(database)
})
