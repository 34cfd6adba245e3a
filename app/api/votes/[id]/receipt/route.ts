import { methodNotAllowed } from '@/lib/http/method-not-allowed'
import { getDatabase } from '@/lib/db/get-database'
import { env } from '@/lib/env'
import { getVoteReceipt } from '@/lib/governance/settlement/get-vote-receipt'
import { errorResponse } from '@/lib/http/error-response'

export const runtime = 'nodejs'
export const dynamic = 'force-dynamic'

/**
 * A vote's receipt (lib/governance/settlement/get-vote-receipt.ts): counted with its leaf and proof,
 * superseded by the counted vote, or accepted with its intake receipt. 422 for a malformed id, 404
 * for an unknown one.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const receipt = await getVoteReceipt(getDatabase().sql, { voteId: (await params).id, settlementAddress: env.SETTLEMENT_ADDRESS ?? null })
    return Response.json(receipt, { headers: { 'cache-control': 'no-store' } })
  } catch (error) {
    return errorResponse(error)
  }
}

export const { POST, PUT, PATCH, DELETE } = methodNotAllowed('GET')
