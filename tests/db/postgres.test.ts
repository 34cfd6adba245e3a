import { afterAll, beforeAll, expect, it } from 'vitest'
import { env } from '@/lib/env'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { expectCrud, expectMigrated } from './cases'

// Real Postgres only with TEST_DATABASE_URL (CI always sets it); otherwise the cases are reported
// as todo and a line says so, so that they never pass silently.
if (!env.TEST_DATABASE_URL) {
  console.warn('tests/db/postgres.test.ts: TEST_DATABASE_URL is unset: the real-Postgres cases were NOT run.')
  it.todo('real Postgres: migrations, drift and CRUD (NOT RUN: set TEST_DATABASE_URL)')
} else {
  let test: TestDatabase
  beforeAll(async () => {
    test = await createTestDatabase()
  })
  afterAll(() => test?.drop())

  it('Postgres: createTestDatabase gives a migrated database; re-applying is a no-op, no drift', async () => {
    expect(test.kind).toBe('postgres')
    await expectMigrated(test.database)
  })

  it('Postgres: CRUD through the generated client and raw SQL', async () => {
    await expectCrud(test)
  })
}
