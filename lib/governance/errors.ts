import { BaseError } from '../errors'

/** A ballot that does not fit its proposal's voting type or choices (422); `field` names it. */
export class InvalidBallotError extends BaseError {
  override name = 'InvalidBallotError'
  constructor(message: string, { field, ...details }: { field: string } & Record<string, unknown>) {
    super(message, { code: 'validation', details: { field, ...details } })
  }
}
