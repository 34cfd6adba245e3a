import { BaseError, httpStatusOf } from '../errors'

/** The JSON body of a failed message or request. 5xx details stay in the log. */
export function errorBody(error: unknown): { status: number; error: { code: string; message: string; details?: Record<string, unknown> } } {
  const status = httpStatusOf(error)
  if (status >= 500 || !(error instanceof BaseError)) {
    return { status, error: { code: 'internal', message: 'internal error; nothing was recorded, retry' } }
  }
  return { status, error: { code: error.code, message: error.message, details: error.details } }
}

/** An error as an HTTP response: status from `httpStatusOf`, Retry-After on 429. */
export function errorResponse(error: unknown): Response {
  const { status, error: body } = errorBody(error)
  if (status >= 500) console.error('[api]', error)
  const headers: Record<string, string> = {}
  if (status === 429) headers['retry-after'] = String((body.details?.retryAfter as number | undefined) ?? 1)
  return Response.json({ error: body }, { status, headers })
}
