import type { Db } from '@/lib/db'
import { assertSameOrigin } from './assert-same-origin'
import { getAdminAuthConfig } from './get-admin-auth-config'
import { getAdminSessionOrThrow } from './get-admin-session-or-throw'
import { readSessionToken } from './read-session-token'
import type { AdminSession } from './schema'

/** The guard of admin routes that change state: same Origin (403), then a live session (401). */
export async function requireAdminRequest(db: Db, request: Request): Promise<AdminSession> {
  const config = getAdminAuthConfig()
  assertSameOrigin(request, config)
  return getAdminSessionOrThrow(db, { token: readSessionToken(request), admins: config.admins, chainId: config.chainId })
}
