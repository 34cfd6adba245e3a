import { methodNotAllowed } from '@/lib/http/method-not-allowed'
import { env } from '@/lib/env'

export const runtime = 'nodejs'
export const dynamic = 'force-dynamic'

const bodies = new Map<number, string>()

/**
 * `npm run bench:proof`'s named baseline, nothing else: a constant JSON of `?bytes=` bytes with
 * the proof route's headers, on the same server. 404 unless the bench started the server with
 * BENCH_BASELINE=1.
 */
export function GET(request: Request): Response {
  if (!env.BENCH_BASELINE) return Response.json({ error: { code: 'not_found', message: 'not found' } }, { status: 404 })
  const bytes = Math.min(65_536, Math.max(64, Number(new URL(request.url).searchParams.get('bytes')) || 1_500))
  let body = bodies.get(bytes)
  if (body === undefined) {
    const shell = JSON.stringify({ index: 0, account: `0x${'0'.repeat(40)}`, amount: '0', proof: [] as string[], pad: '' })
    body = JSON.stringify({ index: 0, account: `0x${'0'.repeat(40)}`, amount: '0', proof: [], pad: 'x'.repeat(Math.max(0, bytes - shell.length)) })
    bodies.set(bytes, body)
  }
  return new Response(body, {
    headers: { 'content-type': 'application/json', etag: '"baseline"', 'cache-control': 'public, max-age=31536000, immutable' },
  })
}

export const { POST, PUT, PATCH, DELETE } = methodNotAllowed('GET')
