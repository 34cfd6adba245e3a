import { methodNotAllowed } from '@/lib/http/method-not-allowed'
import { getDb } from '@/lib/db'
import { listProposalVotes } from '@/lib/governance/results/list-proposal-votes'
import { errorResponse } from '@/lib/http/error-response'
import { ValidationError } from '@/lib/errors'

export const runtime = 'nodejs'
export const dynamic = 'force-dynamic'

/** A page of a proposal's counted votes: `?page=1&pageSize=20`, or `?voter=0x…` for one voter's vote. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const { id } = await params
    const search = new URL(request.url).searchParams
    const page = Number(search.get('page') ?? 1)
    const pageSize = Number(search.get('pageSize') ?? 20)
    const voter = search.get('voter') ?? undefined
    if (!Number.isSafeInteger(page) || page < 1) throw new ValidationError('page must be a positive integer', { field: 'page' })
    if (!Number.isSafeInteger(pageSize) || pageSize < 1 || pageSize > 100) throw new ValidationError('pageSize must be between 1 and 100', { field: 'pageSize' })
    if (voter !== undefined && !/^0x[0-9a-fA-F]{40}$/.test(voter)) throw new ValidationError('voter must be an address', { field: 'voter' })
    if (!/^[0-9a-f-]{36}$/i.test(id)) return Response.json({ votes: [], total: 0, page, pageCount: 1, pageSize })
    return Response.json(await listProposalVotes(getDb(), { proposalId: id, page, pageSize, voter }), { headers: { 'cache-control': 'no-store' } })
  } catch (error) {
    return errorResponse(error)
  }
}

export const { POST, PUT, PATCH, DELETE } = methodNotAllowed('GET')
