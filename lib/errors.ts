/**
 * One error base for Arbor. `code` decides the HTTP status (see `httpStatusOf`); `details` are
 * safe to show the caller; `cause` keeps the underlying error for the log.
 */
export type ErrorCode =
  | 'validation'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'gone'
  | 'payload_too_large'
  | 'overloaded'
  | 'internal'

export type BaseErrorParameters = {
  code?: ErrorCode
  details?: Record<string, unknown>
  cause?: unknown
}

export class BaseError extends Error {
  override name = 'BaseError'
  readonly code: ErrorCode
  readonly details: Record<string, unknown> | undefined

  constructor(shortMessage: string, { code = 'internal', details, cause }: BaseErrorParameters = {}) {
    super(shortMessage, cause === undefined ? undefined : { cause })
    this.code = code
    this.details = details
  }
}

/** A caller's mistake: bad input, named by field or line. */
export class ValidationError extends BaseError {
  override name = 'ValidationError'
  constructor(message: string, details?: Record<string, unknown>) {
    super(message, { code: 'validation', details })
  }
}

export class NotFoundError extends BaseError {
  override name = 'NotFoundError'
  constructor(message: string, details?: Record<string, unknown>) {
    super(message, { code: 'not_found', details })
  }
}

/** A broken invariant: our bug, never the caller's. */
export class InvariantError extends BaseError {
  override name = 'InvariantError'
  constructor(message: string, cause?: unknown) {
    super(message, { code: 'internal', cause })
  }
}

const statusByCode: Record<ErrorCode, number> = {
  validation: 422,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  payload_too_large: 413,
  overloaded: 429,
  internal: 500,
}

/** The one mapping from errors to HTTP status. Unknown errors are 500s with a generic message. */
export function httpStatusOf(error: unknown): number {
  return error instanceof BaseError ? statusByCode[error.code] : 500
}
