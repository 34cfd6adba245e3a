import { methodNotAllowed } from '@/lib/http/method-not-allowed'
import { getDatabase } from '@/lib/db/get-database'
import { exportSettledProposal, settledExportChunks } from '@/lib/governance/settlement/export-settled-proposal'
import { errorResponse } from '@/lib/http/error-response'

export const runtime = 'nodejs'
export const dynamic = 'force-dynamic'

/**
 * A settled proposal's audit export as a JSON download: every counted vote with its leaf, ballot
 * and proof, the tally's inputs, the committed roots, where they were settled
 * (lib/governance/settlement/export-settled-proposal.ts). Check it with
 * `npx arbor tally verify <file> --rpc URL`. 404 unknown proposal, 409 not settled yet.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const { id } = await params
    const exported = await exportSettledProposal(getDatabase().sql, { proposalId: id })
    const chunks = settledExportChunks(exported)
    const encoder = new TextEncoder()
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        // a few hundred votes per pull: small writes, no 150 MB string
        let text = ''
        for (let i = 0; i < 256; i++) {
          const next = chunks.next()
          if (next.done) {
            if (text) controller.enqueue(encoder.encode(text))
            controller.close()
            return
          }
          text += next.value
        }
        controller.enqueue(encoder.encode(text))
      },
    })
    return new Response(body, {
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'content-disposition': `attachment; filename="proposal-${exported.proposal.id}-settlement.json"`,
        'cache-control': 'no-store',
      },
    })
  } catch (error) {
    return errorResponse(error)
  }
}

export const { POST, PUT, PATCH, DELETE } = methodNotAllowed('GET')
