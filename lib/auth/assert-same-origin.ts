import { CrossSiteRequestError } from './errors'
import { getAdminAuthConfig } from './get-admin-auth-config'
import { requestSiteOf } from './request-site-of'

export type AssertSameOriginParameters = {
  /** Default: APP_URL. When set, the only origin accepted. */
  appUrl?: string
  /** Default: TRUST_PROXY. */
  trustProxy?: boolean
}

/**
 * Refuses a state-changing admin request that a browser did not send from this site: its
 * `Origin` must be APP_URL's origin (or, without APP_URL, the origin of the Host it reached).
 * A missing, `null` or foreign Origin throws `CrossSiteRequestError` (403). SameSite=Lax alone
 * lets same-site subdomains and old browsers through. Call it first in every admin POST, PUT,
 * PATCH or DELETE handler and server action (pass `{ headers: await headers() }` there).
 */
export function assertSameOrigin(
  request: { headers: Headers; url?: string },
  { appUrl, trustProxy }: AssertSameOriginParameters = getAdminAuthConfig(),
): void {
  const origin = request.headers.get('origin')
  if (!origin || origin === 'null') throw new CrossSiteRequestError(origin ?? undefined)
  const expected = appUrl ? new URL(appUrl).origin : requestSiteOf(request, { trustProxy }).origin
  let given: string
  try {
    given = new URL(origin).origin
  } catch {
    throw new CrossSiteRequestError(origin)
  }
  if (given !== expected) throw new CrossSiteRequestError(origin)
}
