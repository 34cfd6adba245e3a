import { methodNotAllowed } from '@/lib/http/method-not-allowed'
import { requireAdminRequest } from '@/lib/auth/require-admin-request'
import { getPublicClient } from '@/lib/chain/get-public-client'
import { getDb } from '@/lib/db'
import { createSpace } from '@/lib/governance/create-space'
import { errorResponse } from '@/lib/http/error-response'
import { readJsonBody } from '@/lib/http/read-json-body'

export const runtime = 'nodejs'
export const dynamic = 'force-dynamic'

/** An admin creates a space (`spaceInputSchema`): 201 `{ id, slug }`; 422 naming the field, 401, 403, 409. */
export async function POST(request: Request): Promise<Response> {
  try {
    const db = getDb()
    await requireAdminRequest(db, request)
    const input = await readJsonBody(request, { limit: 64 * 1024 })
    return Response.json(await createSpace(db, getPublicClient(), { input }), { status: 201 })
  } catch (error) {
    return errorResponse(error)
  }
}

export const { GET, PUT, PATCH, DELETE } = methodNotAllowed('POST')
