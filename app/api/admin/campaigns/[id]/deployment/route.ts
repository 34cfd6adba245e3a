import { methodNotAllowed } from '@/lib/http/method-not-allowed'
import { z } from 'zod'
import { confirmCampaignOnChain } from '@/lib/airdrop/confirm-campaign-on-chain'
import { getPublicClient } from '@/lib/chain/get-public-client'
import { getDb } from '@/lib/db'
import { ValidationError } from '@/lib/errors'
import { errorResponse } from '@/lib/http/error-response'
import { readJsonBody } from '@/lib/http/read-json-body'
import { requireAdmin } from '../../admin-request'

export const runtime = 'nodejs'
export const dynamic = 'force-dynamic'

const hash = z.string().regex(/^0x[0-9a-fA-F]{64}$/, 'expected a 32-byte transaction hash')
const bodySchema = z.object({ deployTxHash: hash.optional(), fundTxHash: hash.optional() })

/**
 * `{ deployTxHash?, fundTxHash? }` after the admin's wallet deployed or funded: the server checks
 * the chain and answers `{ status, distributorAddress, balance, shortfall }`.
 */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    await requireAdmin(request, { write: true })
    const parsed = bodySchema.safeParse(await readJsonBody(request, { limit: 4096 }))
    if (!parsed.success) throw new ValidationError(parsed.error.issues[0]!.message, { field: parsed.error.issues[0]!.path.join('.') })
    const result = await confirmCampaignOnChain(getDb(), getPublicClient(), {
      campaignId: (await params).id,
      deployTxHash: parsed.data.deployTxHash as `0x${string}` | undefined,
      fundTxHash: parsed.data.fundTxHash as `0x${string}` | undefined,
    })
    return Response.json(result, { headers: { 'cache-control': 'no-store' } })
  } catch (error) {
    await request.body?.cancel().catch(() => {})
    return errorResponse(error)
  }
}

export const { GET, PUT, PATCH, DELETE } = methodNotAllowed('POST')
