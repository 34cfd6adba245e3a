import { methodNotAllowed } from '@/lib/http/method-not-allowed'
import { getPublicClient } from '@/lib/chain/get-public-client'
import { getDb } from '@/lib/db'
import { createProposalFromSignature } from '@/lib/governance/create-proposal-from-signature'
import { errorResponse } from '@/lib/http/error-response'
import { readJsonBody } from '@/lib/http/read-json-body'

export const runtime = 'nodejs'
export const dynamic = 'force-dynamic'

/** A member's signed EIP-712 `Proposal` (`{ message, signature }`): 201 `{ id, slug, number }`; 422, 403 (not allowed or power below the threshold at the snapshot block), 404. */
export async function POST(request: Request): Promise<Response> {
  try {
    const input = await readJsonBody(request, { limit: 256 * 1024 })
    return Response.json(await createProposalFromSignature(getDb(), getPublicClient(), { input }), { status: 201 })
  } catch (error) {
    return errorResponse(error)
  }
}

export const { GET, PUT, PATCH, DELETE } = methodNotAllowed('POST')
