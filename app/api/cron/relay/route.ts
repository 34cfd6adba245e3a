import { getRelayerClients } from '@/lib/airdrop/get-relayer-clients'
import { relayClaims } from '@/lib/airdrop/relay-claims'
import { relayOptionsSchema } from '@/lib/airdrop/schema'
import { getDatabase } from '@/lib/db/get-database'
import { ValidationError } from '@/lib/errors'
import { authorizeCron } from '@/lib/http/authorize-cron'
import { errorResponse } from '@/lib/http/error-response'

export const runtime = 'nodejs'
export const dynamic = 'force-dynamic'

/**
 * Vercel Cron (or any scheduler): settle pending gasless claims with `claimMany`. Requires
 * `Authorization: Bearer $CRON_SECRET` (fails closed without CRON_SECRET, except on the local dev
 * stack). Optional query: `campaignId`, `gasCap`, `maxBatchSize`.
 */
export async function GET(request: Request): Promise<Response> {
  try {
    authorizeCron(request)
    const parsed = relayOptionsSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams))
    if (!parsed.success) {
      const [issue] = parsed.error.issues
      throw new ValidationError(`${issue?.path.join('.') || 'query'}: ${issue?.message ?? 'invalid'}`, { field: issue?.path.join('.') })
    }
    const result = await relayClaims(getDatabase().sql, getRelayerClients(), parsed.data)
    return Response.json(
      { batches: result.batches.map((batch) => ({ ...batch, gasUsed: batch.gasUsed?.toString() ?? null })), errors: result.errors },
      { headers: { 'cache-control': 'no-store' } },
    )
  } catch (error) {
    return errorResponse(error)
  }
}
