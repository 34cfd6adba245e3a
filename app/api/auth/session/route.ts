import { methodNotAllowed } from '@/lib/http/method-not-allowed'
import { getAdminAuthConfig } from '@/lib/auth/get-admin-auth-config'
import { getAdminSession } from '@/lib/auth/get-admin-session'
import { readSessionToken } from '@/lib/auth/read-session-token'
import { getDb } from '@/lib/db'
import { errorResponse } from '@/lib/http/error-response'

export const runtime = 'nodejs'
export const dynamic = 'force-dynamic'

/** `{ session: { address, chainId, expiresAt } }` when the cookie is a live admin session, else `{ session: null }`. */
export async function GET(request: Request): Promise<Response> {
  try {
    const { admins, chainId } = getAdminAuthConfig()
    const session = await getAdminSession(getDb(), { token: readSessionToken(request), admins, chainId })
    return Response.json(
      { session: session && { address: session.address, chainId: session.chainId, expiresAt: session.expiresAt.toISOString() } },
      { headers: { 'cache-control': 'no-store' } },
    )
  } catch (error) {
    return errorResponse(error)
  }
}

export const { POST, PUT, PATCH, DELETE } = methodNotAllowed('GET')
