import { methodNotAllowed } from '@/lib/http/method-not-allowed'
import { getImportProgress, listImportErrors } from '@/lib/airdrop/import-progress'
import { getDatabase } from '@/lib/db'
import { NotFoundError } from '@/lib/errors'
import { errorResponse } from '@/lib/http/error-response'
import { requireAdmin } from '../../../admin-request'

export const runtime = 'nodejs'
export const dynamic = 'force-dynamic'

/** The bad rows of the campaign's last rejected file (the first 100,000), as a CSV download `line,reason`. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    await requireAdmin(request, { write: false })
    const { id } = await params
    const { sql } = getDatabase()
    const progress = await getImportProgress(sql, id)
    if (progress?.phase !== 'failed' || !progress.errorCount) throw new NotFoundError('no rejected file for this campaign', { field: 'id' })
    const errors = await listImportErrors(sql, id)
    const more = progress.errorCount - errors.length
    const encoder = new TextEncoder()
    let at = 0
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (at === 0) controller.enqueue(encoder.encode('line,reason\n'))
        const end = Math.min(errors.length, at + 10_000)
        let text = ''
        for (; at < end; at++) text += `${errors[at]!.line},"${errors[at]!.reason.replaceAll('"', '""')}"\n`
        if (text) controller.enqueue(encoder.encode(text))
        if (at >= errors.length) {
          if (more > 0) controller.enqueue(encoder.encode(`,"and ${more} more bad rows not listed (the first ${errors.length} are)"\n`))
          controller.close()
        }
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
