import { BaseError } from '../errors'
import type { IntakeEngine } from './create-intake-engine'
import { errorBody, errorResponse } from '../http/error-response'
import { readJsonBody } from '../http/read-json-body'
import type { Admission } from '../http/admission'
import { InvalidMessageError, OverloadedError, PayloadTooLargeError } from './errors'
import { MAX_BODY_BYTES, MAX_MESSAGES_PER_REQUEST } from './schema'

/**
 * POST /api/votes and /api/claims: one message or an array of up to 1 000. One message answers
 * with its own status; an array answers 200 when all succeeded, the shared status when all failed
 * alike, 207 otherwise, with one result per message. 2xx only after the batches committed.
 * `admission`: past its limit of requests in flight, 429 with Retry-After before the body is read.
 */
export async function respondToSubmit(engine: IntakeEngine, kind: string, request: Request, admission?: Admission): Promise<Response> {
  const release = admission ? admission.tryEnter() : () => {}
  if (!release) {
    await request.body?.cancel().catch(() => {})
    return errorResponse(
      new OverloadedError(`the intake is at its limit of ${admission!.maxInFlight} requests in flight; retry shortly`, { retryAfter: 1 }),
    )
  }
  try {
    const body = await readJsonBody(request, { limit: MAX_BODY_BYTES })
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
  } finally {
    release()
  }
}
