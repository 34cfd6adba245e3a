import { z } from 'zod'
import { methodNotAllowed } from '@/lib/http/method-not-allowed'
import { getDatabase } from '@/lib/db/get-database'
import { ValidationError } from '@/lib/errors'
import { getProposalSettler } from '@/lib/governance/settlement/get-proposal-settler'
import { settleProposals } from '@/lib/governance/settlement/settle-proposals'
import { authorizeCron } from '@/lib/http/authorize-cron'
import { errorResponse } from '@/lib/http/error-response'

export const runtime = 'nodejs'
export const dynamic = 'force-dynamic'
// Each settlement waits for its receipt; a run left unfinished resumes from the stored transaction.
export const maxDuration = 300

const querySchema = z.strictObject({ proposalId: z.uuid().optional() })

/**
 * Vercel Cron (or any scheduler): settle every proposal past its end on ArborSettlement
 * (lib/governance/settlement/settle-proposals.ts). Requires `Authorization: Bearer $CRON_SECRET`
 * (fails closed without CRON_SECRET, except on the local dev stack). Optional query: `proposalId`.
 * Without SETTLEMENT_ADDRESS / SETTLER_PRIVATE_KEY it answers `configured: false` and settles nothing.
 */
export async function GET(request: Request): Promise<Response> {
  try {
    authorizeCron(request)
    const parsed = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams))
    if (!parsed.success) {
      const [issue] = parsed.error.issues
      const field = issue?.path.join('.') || (issue && 'keys' in issue ? String(issue.keys) : 'query')
      throw new ValidationError(`${field}: ${issue?.message ?? 'invalid'}`, { field })
    }
    const settler = getProposalSettler()
    if (!settler) {
      return Response.json(
        { configured: false, message: 'SETTLEMENT_ADDRESS and SETTLER_PRIVATE_KEY must both be set to settle proposals', settled: [], errors: [] },
        { headers: { 'cache-control': 'no-store' } },
      )
    }
    const result = await settleProposals(getDatabase().sql, settler.clients, { settlement: settler.settlement, proposalId: parsed.data.proposalId })
    return Response.json({ configured: true, ...result }, { headers: { 'cache-control': 'no-store' } })
  } catch (error) {
    return errorResponse(error)
  }
}

export const { POST, PUT, PATCH, DELETE } = methodNotAllowed('GET')
