import { InvalidAirdropRequestError } from '@/lib/airdrop/errors'
import { checkEligibility } from '@/lib/airdrop/check-eligibility'
import { eligibilityRequestSchema } from '@/lib/airdrop/schema'
import { getDb } from '@/lib/db'
import { errorResponse } from '@/lib/http/error-response'
import { readJsonBody } from '@/lib/http/read-json-body'

export const runtime = 'nodejs'
export const dynamic = 'force-dynamic'

type Context = { params: Promise<{ id: string }> }

/** 1,000 addresses of 42 characters in JSON, with room for whitespace. */
const MAX_BODY_BYTES = 64 * 1024

/**
 * `{ accounts: [address, ...] }` (1 to 1,000) → `{ results: [{ account, eligible, index?, amount? }] }`
 * in the order asked; amounts as decimal strings (base units). 422 names `accounts.<i>`.
 */
export async function POST(request: Request, { params }: Context): Promise<Response> {
  try {
    const { id } = await params
    const parsed = eligibilityRequestSchema.safeParse(await readJsonBody(request, { limit: MAX_BODY_BYTES }))
    if (!parsed.success) {
      const [issue] = parsed.error.issues
      throw new InvalidAirdropRequestError(issue?.path.join('.') || 'body', issue?.message ?? 'invalid')
    }
    const results = await checkEligibility(getDb(), { campaignId: id, accounts: parsed.data.accounts })
    return Response.json(
      { results: results.map((result) => (result.eligible ? { ...result, amount: result.amount.toString() } : result)) },
      { headers: { 'cache-control': 'no-store' } },
    )
  } catch (error) {
    await request.body?.cancel().catch(() => {})
    return errorResponse(error)
  }
}
