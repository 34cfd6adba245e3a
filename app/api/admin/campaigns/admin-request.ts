import { getAdminAuthConfig } from '@/lib/auth/get-admin-auth-config'
import { getAdminSessionOrThrow } from '@/lib/auth/get-admin-session-or-throw'
import { readSessionToken } from '@/lib/auth/read-session-token'
import type { AdminSession } from '@/lib/auth/schema'
import { getDb } from '@/lib/db'
import { BaseError } from '@/lib/errors'

class CrossSiteRequestError extends BaseError {
  override name = 'CrossSiteRequestError'
  constructor() {
    super('this request did not come from this site', { code: 'forbidden', details: { field: 'origin' } })
  }
}

/**
 * The admin session of a campaign route, or 401; a state-changing request must also carry this
 * site's `Origin` (403 otherwise: SameSite=Lax does not cover same-site subdomains).
 * TODO(air-data): switch to `assertSameOrigin(request)` once it is on main.
 */
export async function requireAdmin(request: Request, { write }: { write: boolean }): Promise<AdminSession> {
  const { admins, chainId, appUrl } = getAdminAuthConfig()
  const session = await getAdminSessionOrThrow(getDb(), { token: readSessionToken(request), admins, chainId })
  if (write) {
    const origin = request.headers.get('origin')
    const expected = appUrl ? new URL(appUrl).host : request.headers.get('host')
    let host: string | undefined
    try {
      host = origin && origin !== 'null' ? new URL(origin).host : undefined
    } catch {
      host = undefined
    }
    if (!host || host !== expected) throw new CrossSiteRequestError()
  }
  return session
}
