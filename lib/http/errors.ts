import { BaseError } from '@/lib/errors'

/** A request body over the route's limit (413). */
export class BodyTooLargeError extends BaseError {
  override name = 'BodyTooLargeError'
  constructor(message: string, { limit }: { limit: number }) {
    super(message, { code: 'payload_too_large', details: { limit } })
  }
}

/** A request body that is not JSON (422, field `body`). */
export class InvalidJsonBodyError extends BaseError {
  override name = 'InvalidJsonBodyError'
  constructor(reason: string) {
    super(`the body is not valid JSON: ${reason}`, { code: 'validation', details: { field: 'body' } })
  }
}
