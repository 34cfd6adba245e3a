import { methodNotAllowed } from '@/lib/http/method-not-allowed'
import { createCampaign } from '@/lib/airdrop/create-campaign'
import { getPublicClient } from '@/lib/chain/get-public-client'
import { getDb } from '@/lib/db'
import { env } from '@/lib/env'
import { errorResponse } from '@/lib/http/error-response'
import { readJsonBody } from '@/lib/http/read-json-body'
import { requireAdmin } from './admin-request'

export const runtime = 'nodejs'
export const dynamic = 'force-dynamic'

/** `{ name, tokenAddress, startAt, endAt }` → a draft campaign `{ id, tokenSymbol, tokenDecimals }` (201). */
export async function POST(request: Request): Promise<Response> {
  try {
    const session = await requireAdmin(request, { write: true })
    const input = (await readJsonBody(request, { limit: 16 * 1024 })) as Parameters<typeof createCampaign>[2]
    const created = await createCampaign(getDb(), getPublicClient(), {
      ...input,
      createdBy: session.address as `0x${string}`,
      chainId: env.CHAIN_ID,
    })
    return Response.json(created, { status: 201 })
  } catch (error) {
    await request.body?.cancel().catch(() => {})
    return errorResponse(error)
  }
}

export const { GET, PUT, PATCH, DELETE } = methodNotAllowed('POST')
