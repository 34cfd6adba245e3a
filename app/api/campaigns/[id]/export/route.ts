import { exportCampaign } from '@/lib/airdrop/export-campaign'
import { getDb } from '@/lib/db'
import { errorResponse } from '@/lib/http/error-response'

export const runtime = 'nodejs'
export const dynamic = 'force-dynamic'

type Context = { params: Promise<{ id: string }> }

/**
 * The campaign's OpenZeppelin `standard-v1` dump (`dump.json`: its keccak256 is the content hash
 * the distributor committed, also in `x-arbor-content-hash`), or with `?chunk=ab` the proof chunk
 * of the addresses starting `0xab` (`{ [address]: { index, amount, proof } }`). `x-arbor-chunks`
 * lists the chunk names. 404 unknown campaign, 422 naming `chunk`.
 */
export async function GET(request: Request, { params }: Context): Promise<Response> {
  try {
    const { id } = await params
    const exported = await exportCampaign(getDb(), { campaignId: id })
    const chunk = new URL(request.url).searchParams.get('chunk')
    const headers = {
      'x-arbor-content-hash': exported.contentHash,
      'x-arbor-root': exported.root,
      'x-arbor-chunks': exported.chunkNames.join(','),
      'cache-control': 'no-store',
    }
    if (chunk !== null) {
      return Response.json(exported.proofChunk(chunk), {
        headers: { ...headers, 'content-disposition': `attachment; filename="${chunk.toLowerCase()}.json"` },
      })
    }
    const pieces = exported.dumpJson()
    const encoder = new TextEncoder()
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = pieces.next()
        if (next.done) controller.close()
        else controller.enqueue(encoder.encode(next.value))
      },
    })
    return new Response(body, {
      headers: { ...headers, 'content-type': 'application/json', 'content-disposition': `attachment; filename="campaign-${id}.standard-v1.json"` },
    })
  } catch (error) {
    return errorResponse(error)
  }
}
