import { methodNotAllowed } from '@/lib/http/method-not-allowed'
import { analyzeProposal } from '@/lib/analysis/analyze-proposal'
import { assertSameOrigin } from '@/lib/auth/assert-same-origin'
import { getAdminAuthConfig } from '@/lib/auth/get-admin-auth-config'
import { getAdminSessionOrThrow } from '@/lib/auth/get-admin-session-or-throw'
import { readSessionToken } from '@/lib/auth/read-session-token'
import { getDb } from '@/lib/db'
import { readJsonBody } from '@/lib/http/read-json-body'
import { errorResponse } from '@/lib/http/error-response'

export const runtime = 'nodejs'
export const dynamic = 'force-dynamic'

/** Proposals are text plus calldata: 256 KB holds the largest real ones many times over. */
const MAX_PROPOSAL_BYTES = 256 * 1024

/**
 * An admin's proposal JSON (the `arbor analyze` input) in, its analysis out: rules and decoded
 * actions, summarized by OpenAI when OPENAI_API_KEY is set, offline otherwise. Not simulated.
 */
export async function POST(request: Request): Promise<Response> {
  try {
    const config = getAdminAuthConfig()
    await getAdminSessionOrThrow(getDb(), { token: readSessionToken(request), admins: config.admins, chainId: config.chainId })
    assertSameOrigin(request, config)
    const proposal = await readJsonBody(request, { limit: MAX_PROPOSAL_BYTES })
    return Response.json(await analyzeProposal(proposal), { headers: { 'cache-control': 'no-store' } })
  } catch (error) {
    await request.body?.cancel().catch(() => {})
    return errorResponse(error)
  }
}

export const { GET, PUT, PATCH, DELETE } = methodNotAllowed('POST')
