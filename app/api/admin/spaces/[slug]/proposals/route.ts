import { methodNotAllowed } from '@/lib/http/method-not-allowed'
import { requireAdminRequest } from '@/lib/auth/require-admin-request'
import { getPublicClient } from '@/lib/chain/get-public-client'
import { getDb } from '@/lib/db'
import { createProposal } from '@/lib/governance/create-proposal'
import { errorResponse } from '@/lib/http/error-response'
import { readJsonBody } from '@/lib/http/read-json-body'

export const runtime = 'nodejs'
export const dynamic = 'force-dynamic'

/** An admin creates a proposal in a space (`proposalInputSchema`): 201 `{ id, slug, number }`; 422 naming the field (`actions.0.value`), 401, 403, 404. */
export async function POST(request: Request, { params }: { params: Promise<{ slug: string }> }): Promise<Response> {
  try {
    const db = getDb()
    const session = await requireAdminRequest(db, request)
    const input = await readJsonBody(request, { limit: 256 * 1024 })
    const { slug } = await params
    return Response.json(await createProposal(db, getPublicClient(), { slug, input, author: session.address }), { status: 201 })
  } catch (error) {
    return errorResponse(error)
  }
}

export const { GET, PUT, PATCH, DELETE } = methodNotAllowed('POST')
