import { methodNotAllowed } from '@/lib/http/method-not-allowed'
import { getDatabase } from '@/lib/db/get-database'
import { errorResponse } from '@/lib/http/error-response'
import { getReceipt } from '@/lib/intake/get-receipt'
import { messageIdSchema } from '@/lib/intake/schema'
import { InvalidMessageError } from '@/lib/intake/errors'

export const runtime = 'nodejs'
export const dynamic = 'force-dynamic'

/** A message's receipt: the message, its batch, its inclusion proof (and checkpoint path once settled). */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const parsed = messageIdSchema.safeParse((await params).id)
    if (!parsed.success) throw new InvalidMessageError('the id must be a 32-byte 0x-hex message id', { field: 'id' })
    return Response.json(await getReceipt(getDatabase().sql, { id: parsed.data }))
  } catch (error) {
    return errorResponse(error)
  }
}

export const { POST, PUT, PATCH, DELETE } = methodNotAllowed('GET')
