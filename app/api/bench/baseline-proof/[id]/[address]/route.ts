import { methodNotAllowed } from '@/lib/http/method-not-allowed'
import { GET as constantJson } from '../../route'

export const runtime = 'nodejs'
export const dynamic = 'force-dynamic'

type Context = { params: Promise<{ id: string; address: string }> }

/**
 * `npm run bench:proof`'s second control: the same constant JSON as `/api/bench/baseline-proof`,
 * on a route shaped like the proof route (two dynamic segments, a new path per request), so the
 * bench can tell Next's cost of routing such a path from the proof's own. 404 unless BENCH_BASELINE=1.
 */
export async function GET(request: Request, { params }: Context): Promise<Response> {
  await params
  return constantJson(request)
}

export const { POST, PUT, PATCH, DELETE } = methodNotAllowed('GET')
