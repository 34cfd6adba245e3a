import { methodNotAllowed } from '@/lib/http/method-not-allowed'
import { getGaslessClaimOrThrow } from '@/lib/airdrop/get-gasless-claim-or-throw'
import { getDb } from '@/lib/db'
import { errorResponse } from '@/lib/http/error-response'
import { InvalidMessageError } from '@/lib/intake/errors'
import { messageIdSchema } from '@/lib/intake/schema'

export const runtime = 'nodejs'
export const dynamic = 'force-dynamic'

/** Where a gasless claim stands: `{ status: pending | submitted | confirmed | failed, txHash, ... }`. */
export async function GET(_request: Request, { params }: { params: Promise<{ messageId: string }> }): Promise<Response> {
  try {
    const parsed = messageIdSchema.safeParse((await params).messageId)
    if (!parsed.success) throw new InvalidMessageError('the id must be a 32-byte 0x-hex message id', { field: 'messageId' })
    return Response.json(await getGaslessClaimOrThrow(getDb(), { messageId: parsed.data }), { headers: { 'cache-control': 'no-store' } })
  } catch (error) {
    return errorResponse(error)
  }
}

export const { POST, PUT, PATCH, DELETE } = methodNotAllowed('GET')
