import { methodNotAllowed } from '@/lib/http/method-not-allowed'
import { getImportProgress } from '@/lib/airdrop/import-progress'
import { NotFoundError } from '@/lib/errors'
import { errorResponse } from '@/lib/http/error-response'
import { requireAdmin } from '../../../admin-request'

export const runtime = 'nodejs'
export const dynamic = 'force-dynamic'

/** Every bad row of the campaign's last rejected file, as a CSV download `line,reason`. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    await requireAdmin(request, { write: false })
    const progress = getImportProgress((await params).id)
    if (!progress?.errors) throw new NotFoundError('no rejected file for this campaign in the last hour', { field: 'id' })
    const errors = progress.errors
    const encoder = new TextEncoder()
    let at = 0
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (at === 0) controller.enqueue(encoder.encode('line,reason\n'))
        const end = Math.min(errors.length, at + 10_000)
        let text = ''
        for (; at < end; at++) text += `${errors[at]!.line},"${errors[at]!.reason.replaceAll('"', '""')}"\n`
        if (text) controller.enqueue(encoder.encode(text))
        if (at >= errors.length) controller.close()
      },
    })
    return new Response(body, {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': 'attachment; filename="bad-rows.csv"',
        'cache-control': 'no-store',
      },
    })
  } catch (error) {
    return errorResponse(error)
  }
}

export const { POST, PUT, PATCH, DELETE } = methodNotAllowed('GET')
