import { BaseError } from '../errors'
import type { IntakeEngine } from './create-intake-engine'
import { errorBody, errorResponse } from './error-response'
import { InvalidMessageError, PayloadTooLargeError } from './errors'
import { MAX_BODY_BYTES, MAX_MESSAGES_PER_REQUEST } from './schema'

/** Reads at most `limit` bytes of a body; more is a 413 before it is all in memory. */
async function readBody(request: Request, limit: number): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? NaN)
  if (declared > limit) {
    await request.body?.cancel().catch(() => {})
    throw new PayloadTooLargeError(`the body is ${declared} bytes; the limit is ${limit}`, { limit })
  }
  if (!request.body) return ''
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > limit) {
      await reader.cancel().catch(() => {})
      throw new PayloadTooLargeError(`the body is over the ${limit}-byte limit`, { limit })
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/**
 * POST /api/votes and /api/claims: one message or an array of up to 1 000. One message answers
 * with its own status; an array answers 200 when all succeeded, the shared status when all failed
 * alike, 207 otherwise, with one result per message. 2xx only after the batches committed.
 */
export async function respondToSubmit(engine: IntakeEngine, kind: string, request: Request): Promise<Response> {
  try {
    const text = await readBody(request, MAX_BODY_BYTES)
    let body: unknown
    try {
      body = JSON.parse(text)
    } catch {
      throw new InvalidMessageError('the body is not valid JSON', { field: 'body' })
    }
    const array = Array.isArray(body)
    const inputs = array ? (body as unknown[]) : [body]
    if (inputs.length === 0) throw new InvalidMessageError('the array is empty', { field: 'body' })
    if (inputs.length > MAX_MESSAGES_PER_REQUEST) {
      throw new PayloadTooLargeError(`${inputs.length} messages in one request; the limit is ${MAX_MESSAGES_PER_REQUEST}`, { limit: MAX_MESSAGES_PER_REQUEST })
    }
    const outcomes = await engine.submit(kind, inputs, { array })
    if (!array) {
      const [outcome] = outcomes
      return outcome instanceof BaseError ? errorResponse(outcome) : Response.json(outcome)
    }
    const results = outcomes.map((outcome) => {
      if (!(outcome instanceof BaseError)) return { httpStatus: 200, ...outcome }
      const { status, error } = errorBody(outcome)
      return { httpStatus: status, error }
    })
    const statuses = new Set(results.map((result) => result.httpStatus))
    const status = statuses.size === 1 ? results[0]!.httpStatus : 207
    return Response.json({ results }, { status })
  } catch (error) {
    return errorResponse(error)
  }
}
