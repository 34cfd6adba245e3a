import { methodNotAllowed } from '@/lib/http/method-not-allowed'
import { getDb } from '@/lib/db'
import { getProposalResults } from '@/lib/governance/results/get-proposal-results'
import { errorResponse } from '@/lib/http/error-response'

export const runtime = 'nodejs'
export const dynamic = 'force-dynamic'

/** A proposal's live results (`ProposalResults`, amounts in base units as strings; `batchStamp` says which batch they include; while votes arrive they may be one computation behind); 404 for an unknown id. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const { id } = await params
    // Polled every 2 s while voting: the cached results are answered at once while newer ones compute (for up to 5 s after a newer batch is first seen; a new computation at most once a second).
    return Response.json(await getProposalResults(getDb(), { proposalId: id, maxStaleMs: 5_000 }), { headers: { 'cache-control': 'no-store' } })
  } catch (error) {
    return errorResponse(error)
  }
}

export const { POST, PUT, PATCH, DELETE } = methodNotAllowed('GET')
