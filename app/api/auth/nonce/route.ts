import { methodNotAllowed } from '@/lib/http/method-not-allowed'
import { getAdminAuthConfig } from '@/lib/auth/get-admin-auth-config'
import { issueNonce } from '@/lib/auth/issue-nonce'
import { ADMIN_SIWE_STATEMENT, type NonceResponse } from '@/lib/auth/schema'

export const runtime = 'nodejs'
export const dynamic = 'force-dynamic'

/** A fresh sign-in nonce, with the chain and statement the message must carry. */
export function GET(): Response {
  const { secret, chainId } = getAdminAuthConfig()
  const { nonce, issuedAt, expiresAt } = issueNonce({ secret })
  const body: NonceResponse = { nonce, issuedAt: issuedAt.toISOString(), expiresAt: expiresAt.toISOString(), chainId, statement: ADMIN_SIWE_STATEMENT }
  return Response.json(body, { headers: { 'cache-control': 'no-store' } })
}

export const { POST, PUT, PATCH, DELETE } = methodNotAllowed('GET')
