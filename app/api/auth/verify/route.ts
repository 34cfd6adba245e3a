import { assertSameOrigin } from '@/lib/auth/assert-same-origin'
import { methodNotAllowed } from '@/lib/http/method-not-allowed'
import { InvalidSignInError } from '@/lib/auth/errors'
import { getAdminAuthConfig } from '@/lib/auth/get-admin-auth-config'
import { signInRequestSchema } from '@/lib/auth/schema'
import { serializeSessionCookie } from '@/lib/auth/serialize-session-cookie'
import { signInAdmin } from '@/lib/auth/sign-in-admin'
import { siweBindingOf } from '@/lib/auth/siwe-binding-of'
import { getPublicClient } from '@/lib/chain/get-public-client'
import { getDb } from '@/lib/db'
import { readJsonBody } from '@/lib/http/read-json-body'
import { errorResponse } from '@/lib/http/error-response'

export const runtime = 'nodejs'
export const dynamic = 'force-dynamic'

/** `{ message, signature }`: a signed SIWE message. Sets the session cookie and answers the session. */
export async function POST(request: Request): Promise<Response> {
  try {
    const config = getAdminAuthConfig()
    assertSameOrigin(request, config)
    const binding = siweBindingOf(request, config)
    const parsed = signInRequestSchema.safeParse(await readJsonBody(request, { limit: 32 * 1024 }))
    if (!parsed.success) {
      const [issue] = parsed.error.issues
      throw new InvalidSignInError(issue?.path.join('.') || 'body', issue?.message ?? 'invalid')
    }
    const { token, session } = await signInAdmin(getDb(), getPublicClient(), {
      message: parsed.data.message,
      signature: parsed.data.signature as `0x${string}`,
      binding,
      chainId: config.chainId,
      secret: config.secret,
      admins: config.admins,
    })
    return Response.json(
      { address: session.address, chainId: session.chainId, expiresAt: session.expiresAt.toISOString() },
      { headers: { 'set-cookie': serializeSessionCookie({ token, expiresAt: session.expiresAt, secure: binding.secure }), 'cache-control': 'no-store' } },
    )
  } catch (error) {
    return errorResponse(error)
  }
}

export const { GET, PUT, PATCH, DELETE } = methodNotAllowed('POST')
