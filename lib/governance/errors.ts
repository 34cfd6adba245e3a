import type { z } from 'zod'
import { BaseError, ValidationError } from '../errors'
import { parseGovernanceInputErrors } from './parse-input-errors'

/** A ballot that does not fit its proposal's voting type or choices (422); `field` names it. */
export class InvalidBallotError extends BaseError {
  override name = 'InvalidBallotError'
  constructor(message: string, { field, ...details }: { field: string } & Record<string, unknown>) {
    super(message, { code: 'validation', details: { field, ...details } })
  }
}

/** Input that does not fit a governance schema (422): `details.field` is the first bad field's path, e.g. `actions.0.value`. */
export class GovernanceInputError extends ValidationError {
  override name = 'GovernanceInputError'
  constructor(field: string, problem: string, fieldErrors: Record<string, string[]> = { [field]: [problem] }) {
    super(`${field}: ${problem}`, { field, fieldErrors })
  }
}

/** A member may not create a proposal in this space (403): admins only, or power below the threshold. */
export class NotAllowedToProposeError extends BaseError {
  override name = 'NotAllowedToProposeError'
  constructor(message: string, details?: Record<string, unknown>) {
    super(message, { code: 'forbidden', details })
  }
}

/** A slug already in use (409). */
export class SpaceExistsError extends BaseError {
  override name = 'SpaceExistsError'
  constructor(slug: string) {
    super(`a space with the slug "${slug}" already exists`, { code: 'conflict', details: { field: 'slug' } })
  }
}

/** Parses with `schema`; the first issue becomes a `GovernanceInputError` naming its path, every issue lands in `fieldErrors`. */
export function parseGovernanceInput<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value)
  if (result.success) return result.data
  const fieldErrors = parseGovernanceInputErrors(schema, value)
  const [first] = result.error.issues
  throw new GovernanceInputError(first!.path.map(String).join('.') || 'body', first!.message, fieldErrors)
}
