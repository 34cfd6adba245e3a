import { BaseError } from '../errors'

/** A message that fails its schema or a stateless check; `field` names the offending field. */
export class InvalidMessageError extends BaseError {
  override name = 'InvalidMessageError'
  constructor(message: string, { field, ...details }: { field: string } & Record<string, unknown>) {
    super(message, { code: 'validation', details: { field, ...details } })
  }
}

/** The signature is malformed or does not come from the message's signer. */
export class InvalidSignatureError extends BaseError {
  override name = 'InvalidSignatureError'
  constructor(reason: string, details?: Record<string, unknown>) {
    super(`invalid signature: ${reason}`, { code: 'unauthorized', details: { field: 'signature', reason, ...details } })
  }
}

/** The signer is not entitled: no voting power at the snapshot, or a claim not in the campaign's tree. */
export class NotEligibleError extends BaseError {
  override name = 'NotEligibleError'
  constructor(message: string, details?: Record<string, unknown>) {
    super(message, { code: 'forbidden', details })
  }
}

/** The proposal or campaign the message names does not exist. */
export class UnknownTargetError extends BaseError {
  override name = 'UnknownTargetError'
  constructor(message: string, details?: Record<string, unknown>) {
    super(message, { code: 'not_found', details })
  }
}

/** Voting or claiming has not opened yet (409): the same message may succeed later. */
export class WindowNotOpenError extends BaseError {
  override name = 'WindowNotOpenError'
  constructor(message: string, details?: Record<string, unknown>) {
    super(message, { code: 'conflict', details })
  }
}

/** Voting has closed, the campaign ended or the claim's deadline passed (410): it never will succeed. */
export class WindowClosedError extends BaseError {
  override name = 'WindowClosedError'
  constructor(message: string, details?: Record<string, unknown>) {
    super(message, { code: 'gone', details })
  }
}

/** A first-wins key is already held by another message (a claim of an index already claimed). */
export class KeyConflictError extends BaseError {
  override name = 'KeyConflictError'
  readonly winner: string
  constructor(message: string, { winner, ...details }: { winner: string } & Record<string, unknown>) {
    super(message, { code: 'conflict', details: { winner, ...details } })
    this.winner = winner
  }
}

/** Queues are full: retry after `retryAfter` seconds (429 with Retry-After). */
export class OverloadedError extends BaseError {
  override name = 'OverloadedError'
  readonly retryAfter: number
  constructor(message: string, { retryAfter = 1 }: { retryAfter?: number } = {}) {
    super(message, { code: 'overloaded', details: { retryAfter } })
    this.retryAfter = retryAfter
  }
}

export class PayloadTooLargeError extends BaseError {
  override name = 'PayloadTooLargeError'
  constructor(message: string, details?: Record<string, unknown>) {
    super(message, { code: 'payload_too_large', details })
  }
}

/** The engine was closed (process shutting down). */
export class IntakeClosedError extends BaseError {
  override name = 'IntakeClosedError'
  constructor() {
    super('the intake engine is shutting down', { code: 'overloaded', details: { retryAfter: 1 } })
  }
}
