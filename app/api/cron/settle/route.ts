import { methodNotAllowed } from '@/lib/http/method-not-allowed'
import { getDatabase } from '@/lib/db/get-database'
import { env } from '@/lib/env'
import { BaseError } from '@/lib/errors'
import { errorResponse } from '@/lib/http/error-response'
import { getSettlementTarget } from '@/lib/settlement/get-settlement-clients'
import { settleCheckpoint } from '@/lib/settlement/settle-checkpoint'

export const runtime = 'nodejs'
export const dynamic = 'force-dynamic'

/** Vercel Cron (or any scheduler): checkpoint the new batches and post pending checkpoints. */
export async function GET(request: Request): Promise<Response> {
  try {
    if (env.CRON_SECRET && request.headers.get('authorization') !== `Bearer ${env.CRON_SECRET}`) {
      throw new BaseError('missing or wrong cron secret', { code: 'unauthorized' })
    }
    const result = await settleCheckpoint(getDatabase().sql, { settlement: getSettlementTarget() })
    return Response.json(result)
  } catch (error) {
    return errorResponse(error)
  }
}

export const { POST, PUT, PATCH, DELETE } = methodNotAllowed('GET')
