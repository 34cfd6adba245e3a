import { methodNotAllowed } from '@/lib/http/method-not-allowed'
import { getPublicClient } from '@/lib/chain/get-public-client'
import { getDb } from '@/lib/db'
import { ValidationError } from '@/lib/errors'
import { getVoterStatus } from '@/lib/governance/get-voter-status'
import { errorResponse } from '@/lib/http/error-response'

export const runtime = 'nodejs'
export const dynamic = 'force-dynamic'

/** A voter's power at the proposal's snapshot block (with the reason when it is zero) and their counted vote. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string; address: string }> }): Promise<Response> {
  try {
    const { id, address } = await params
    if (!/^0x[0-9a-fA-F]{40}$/.test(address)) throw new ValidationError('address must be a 0x-hex address', { field: 'address' })
    return Response.json(await getVoterStatus(getDb(), getPublicClient(), { proposalId: id, voter: address }), { headers: { 'cache-control': 'no-store' } })
  } catch (error) {
    return errorResponse(error)
  }
}

export const { POST, PUT, PATCH, DELETE } = methodNotAllowed('GET')
