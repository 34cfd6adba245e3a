import { assertSameOrigin } from '@/lib/auth/assert-same-origin'
import { methodNotAllowed } from '@/lib/http/method-not-allowed'
import { getAdminAuthConfig } from '@/lib/auth/get-admin-auth-config'
import { readSessionToken } from '@/lib/auth/read-session-token'
import { serializeSessionCookie } from '@/lib/auth/serialize-session-cookie'
import { signOutAdmin } from '@/lib/auth/sign-out-admin'
import { requestSiteOf } from '@/lib/auth/request-site-of'
import { getDb } from '@/lib/db'
import { errorResponse } from '@/lib/http/error-response'

export const runtime = 'nodejs'
export const dynamic = 'force-dynamic'

/** Ends the admin session of the cookie (if any) and clears the cookie. */
export async function POST(request: Request): Promise<Response> {
  try {
    const config = getAdminAuthConfig()
    assertSameOrigin(request, config)
    const { signedOut } = await signOutAdmin(getDb(), { token: readSessionToken(request) })
    const secure = config.appUrl ? new URL(config.appUrl).protocol === 'https:' : requestSiteOf(request, config).scheme === 'https'
    return Response.json({ signedOut }, { headers: { 'set-cookie': serializeSessionCookie({ token: null, secure }), 'cache-control': 'no-store' } })
  } catch (error) {
    return errorResponse(error)
  }
}

export const { GET, PUT, PATCH, DELETE } = methodNotAllowed('POST')
