import { methodNotAllowed } from '@/lib/http/method-not-allowed'
import { getPublicClient } from '@/lib/chain/get-public-client'
import { getDb } from '@/lib/db'
import { ValidationError } from '@/lib/errors'
import { getProposerStatus } from '@/lib/governance/get-proposer-status'
import { errorResponse } from '@/lib/http/error-response'

export const runtime = 'nodejs'
export const dynamic = 'force-dynamic'

/** Whether an address may propose in the space now: its power at the latest complete block against the threshold (`ProposerStatus`); 404 unknown space, 422 bad address. */
export async function GET(_request: Request, { params }: { params: Promise<{ slug: string; address: string }> }): Promise<Response> {
  try {
    const { slug, address } = await params
    if (!/^0x[0-9a-fA-F]{40}$/.test(address)) throw new ValidationError('address must be a 0x-hex address', { field: 'address' })
    return Response.json(await getProposerStatus(getDb(), getPublicClient(), { slug, proposer: address }), { headers: { 'cache-control': 'no-store' } })
  } catch (error) {
    return errorResponse(error)
  }
}

export const { POST, PUT, PATCH, DELETE } = methodNotAllowed('GET')
