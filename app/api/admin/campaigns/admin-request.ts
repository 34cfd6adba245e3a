import { assertSameOrigin } from '@/lib/auth/assert-same-origin'
import { getAdminAuthConfig } from '@/lib/auth/get-admin-auth-config'
import { getAdminSessionOrThrow } from '@/lib/auth/get-admin-session-or-throw'
import { readSessionToken } from '@/lib/auth/read-session-token'
import type { AdminSession } from '@/lib/auth/schema'
import { getDb } from '@/lib/db'

/**
 * The admin session of a campaign route, or 401; a state-changing request must also carry this
 * site's `Origin` (403 otherwise: SameSite=Lax does not cover same-site subdomains).
 */
export async function requireAdmin(request: Request, { write }: { write: boolean }): Promise<AdminSession> {
  const config = getAdminAuthConfig()
  const session = await getAdminSessionOrThrow(getDb(), { token: readSessionToken(request), admins: config.admins, chainId: config.chainId })
  if (write) assertSameOrigin(request, config)
  return session
}
