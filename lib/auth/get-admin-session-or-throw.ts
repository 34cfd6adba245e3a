import type { Db } from '@/lib/db'
import { AdminSessionRequiredError } from './errors'
import { getAdminSession, type GetAdminSessionParameters } from './get-admin-session'
import type { AdminSession } from './schema'

/** The live admin session, or `AdminSessionRequiredError` (401): the guard of admin-only routes. */
export async function getAdminSessionOrThrow(db: Db, parameters: GetAdminSessionParameters): Promise<AdminSession> {
  const session = await getAdminSession(db, parameters)
  if (!session) throw new AdminSessionRequiredError()
  return session
}
