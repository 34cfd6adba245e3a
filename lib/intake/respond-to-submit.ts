import { BaseError } from '../errors'
import type { IntakeEngine } from './create-intake-engine'
import type { SubmitResult } from './types'
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
      return outcome instanceof BaseError ? errorResponse(outcome) : jsonResponse(resultJson(outcome!, '{'), 200)
    }
    const results = new Array<string>(outcomes.length)
    let status = 0
    outcomes.forEach((outcome, i) => {
      let httpStatus = 200
      if (outcome instanceof BaseError) {
        const body = errorBody(outcome)
        httpStatus = body.status
        results[i] = JSON.stringify({ httpStatus, error: body.error })
      } else results[i] = resultJson(outcome, '{"httpStatus":200,')
      status = i === 0 || status === httpStatus ? httpStatus : 207
    })
    return jsonResponse(`{"results":[${results.join(',')}]}`, status)
  } catch (error) {
    return errorResponse(error)
  } finally {
    release()
  }
}

function jsonResponse(text: string, status: number): Response {
  return new Response(text, { status, headers: { 'content-type': 'application/json' } })
}

const RESULT_KEYS = new Set(['id', 'status', 'supersededBy', 'batchSeq', 'receipt'])
/** Each batch's JSON, written once for every receipt that shows it (a batch row is not changed once written). */
const batchJson = new WeakMap<object, string>()

/**
 * A receipt's JSON object after `open` (`{` or `{"httpStatus":200,`), written as text: about 3.5x
 * cheaper than JSON.stringify over the object (a request's 100 receipts share a few batches). The
 * strings are 0x-hex or a status word by construction (ids are digests, proofs tree nodes), so
 * nothing needs escaping; an outcome with any other key is stringified as it is.
 */
function resultJson(outcome: SubmitResult, open: string): string {
  for (const key in outcome) if (!RESULT_KEYS.has(key)) return `${open}${JSON.stringify(outcome).slice(1)}`
  const { id, status, supersededBy, batchSeq, receipt } = outcome
  let batch = batchJson.get(receipt.batch)
  if (batch === undefined) batchJson.set(receipt.batch, (batch = JSON.stringify(receipt.batch)))
  const proof = receipt.proof
  const superseded = supersededBy === undefined ? '' : `,"supersededBy":${JSON.stringify(supersededBy)}`
  return `${open}"id":"${id}","status":"${status}"${superseded},"batchSeq":${batchSeq},"receipt":{"batch":${batch},"proof":${proof.length === 0 ? '[]' : `["${proof.join('","')}"]`}}}`
}
