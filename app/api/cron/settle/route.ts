import { methodNotAllowed } from '@/lib/http/method-not-allowed'
import { getDatabase } from '@/lib/db/get-database'
import { authorizeCron } from '@/lib/http/authorize-cron'
import { errorResponse } from '@/lib/http/error-response'
import { getSettlementTarget } from '@/lib/settlement/get-settlement-clients'
import { settleCheckpoint } from '@/lib/settlement/settle-checkpoint'

export const runtime = 'nodejs'
export const dynamic = 'force-dynamic'

/**
 * Vercel Cron (or any scheduler): checkpoint the new batches and post pending checkpoints. Requires
 * `Authorization: Bearer $CRON_SECRET` (fails closed without CRON_SECRET, except on the local dev stack).
 */
export async function GET(request: Request): Promise<Response> {
  try {
    authorizeCron(request)
    const result = await settleCheckpoint(getDatabase().sql, { settlement: getSettlementTarget() })
    return Response.json(result)
  } catch (error) {
    return errorResponse(error)
  }
}

export const { POST, PUT, PATCH, DELETE } = methodNotAllowed('GET')
