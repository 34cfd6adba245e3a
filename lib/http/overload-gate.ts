import type { IncomingMessage, ServerResponse } from 'node:http'
import { OverloadedError } from '../intake/errors'
import { errorBody } from './error-response'

/** One class of requests with its own limit of requests in flight. */
export type GateRule = {
  /** Names the class in the 429's message and in `stats()`. */
  name: string
  /** Whether a request belongs to this class (the first rule that matches takes it). */
  match: (method: string, pathname: string) => boolean
  /** Requests of this class in flight (admitted, answer not finished) before the next gets 429. */
  maxInFlight: number
  /**
   * With the gate's `lagLimitMs` or `latencyTargetMs`: the limit adapts. Each 100 ms window whose
   * worst event-loop delay exceeded `lagLimitMs`, or in which this class's admitted requests took
   * longer than `latencyTargetMs` at the 90th percentile (admission to the end of the answer), cuts
   * this class's limit to 3/4 (not below `minInFlight`, default 1); each other window raises it by 1,
   * back up to `maxInFlight`.
   */
  adaptive?: boolean
  minInFlight?: number
}

export type OverloadGate = {
  /**
   * Admits the request (true: hand it on; its slot is freed when the response closes, finished or
   * aborted) or answers it at once with 429, `Retry-After` and the usual JSON error body, without
   * reading its body (Node discards the unread body, so the connection stays usable), and returns false.
   */
  admit(req: IncomingMessage, res: ServerResponse): boolean
  /** Per rule: requests in flight now, the most at once, admitted and shed since start. */
  stats(): Record<string, { inFlight: number; maxSeen: number; admitted: number; shed: number; maxInFlight: number; limit: number }>
  /** Stops the event-loop sampler (adaptive rules only). */
  close(): void
}

/**
 * An admission gate in front of the whole HTTP stack (scripts/start.ts puts it before Next's
 * request handler, so before Next's routing, rendering and body parsing). Past a rule's limit of
 * requests in flight, the next request of that class is answered 429 + `Retry-After` in a few
 * microseconds of work, instead of queueing in Next behind the others where no handler can count it.
 * Requests admitted keep their latency: at most `maxInFlight` of a class wait on its resources.
 * Requests matching no rule pass through uncounted. `retryAfterSeconds` (default 1) is the header.
 */
export function createOverloadGate({
  rules,
  retryAfterSeconds = 1,
  lagLimitMs,
  latencyTargetMs,
}: {
  rules: readonly GateRule[]
  retryAfterSeconds?: number
  /** Event-loop delay (ms) above which adaptive rules lower their limit. */
  lagLimitMs?: number
  /** Admitted requests' 90th-percentile time (ms) above which adaptive rules lower their limit. */
  latencyTargetMs?: number
}): OverloadGate {
  const state = rules.map((rule) => {
    const { status, error } = errorBody(
      new OverloadedError(`the server is at its limit of ${rule.maxInFlight} ${rule.name} requests in flight; retry shortly`, { retryAfter: retryAfterSeconds }),
    )
    // the answer is the same bytes every time: built once
    const body = Buffer.from(JSON.stringify({ error }))
    const headers = { 'content-type': 'application/json', 'content-length': String(body.length), 'retry-after': String(retryAfterSeconds), 'cache-control': 'no-store' }
    return { rule, status, body, headers, inFlight: 0, maxSeen: 0, admitted: 0, shed: 0, limit: rule.maxInFlight, took: [] as number[] }
  })
  // event-loop delay: a 10 ms timer's lateness, the worst per 100 ms window
  let sampler: ReturnType<typeof setInterval> | undefined
  const adaptive = state.filter((s) => s.rule.adaptive)
  if ((lagLimitMs !== undefined || latencyTargetMs !== undefined) && adaptive.length > 0) {
    let expected = performance.now() + 10
    let worst = 0
    let windowEnd = performance.now() + 100
    sampler = setInterval(() => {
      const now = performance.now()
      worst = Math.max(worst, now - expected)
      expected = now + 10
      if (now < windowEnd) return
      for (const s of adaptive) {
        const lagging = lagLimitMs !== undefined && worst > lagLimitMs
        const slow = latencyTargetMs !== undefined && s.took.length > 0 && s.took.sort((a, b) => a - b)[Math.floor(s.took.length * 0.9)]! > latencyTargetMs
        s.limit = lagging || slow ? Math.max(s.rule.minInFlight ?? 1, Math.floor(s.limit * 0.75)) : Math.min(s.rule.maxInFlight, s.limit + 1)
        s.took.length = 0
      }
      worst = 0
      windowEnd = now + 100
    }, 10)
    sampler.unref()
  }
  return {
    admit(req, res) {
      const url = req.url ?? '/'
      const q = url.indexOf('?')
      const pathname = q === -1 ? url : url.slice(0, q)
      const method = req.method ?? 'GET'
      const entry = state.find((s) => s.rule.match(method, pathname))
      if (!entry) return true
      if (entry.inFlight >= entry.limit) {
        entry.shed++
        res.writeHead(entry.status, entry.headers)
        res.end(entry.body)
        return false
      }
      entry.inFlight++
      entry.admitted++
      if (entry.inFlight > entry.maxSeen) entry.maxSeen = entry.inFlight
      if (sampler && entry.rule.adaptive) {
        const admittedAt = performance.now()
        res.once('close', () => {
          entry.inFlight--
          entry.took.push(performance.now() - admittedAt)
        })
      } else res.once('close', () => entry.inFlight--)
      return true
    },
    stats: () =>
      Object.fromEntries(
        state.map((s) => [s.rule.name, { inFlight: s.inFlight, maxSeen: s.maxSeen, admitted: s.admitted, shed: s.shed, maxInFlight: s.rule.maxInFlight, limit: s.limit }]),
      ),
    close: () => clearInterval(sampler),
  }
}

const INTAKE_PATHS = new Set(['/api/votes', '/api/claims'])

/**
 * Arbor's rules: POSTs to the intake (/api/votes, /api/claims) up to `intake` in flight (they wait
 * on batches and the database), every other request up to `web` (pages, reads).
 */
export function arborGateRules({ intake, web, adaptive = false }: { intake: number; web: number; adaptive?: boolean }): GateRule[] {
  return [
    { name: 'intake', match: (method, pathname) => method === 'POST' && INTAKE_PATHS.has(pathname), maxInFlight: intake, adaptive, minInFlight: Math.min(4, intake) },
    { name: 'web', match: () => true, maxInFlight: web },
  ]
}
