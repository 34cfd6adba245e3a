import { BaseError } from '../../lib/errors'

/** A CLI's answer to a thrown error: a `BaseError` is printed with its details and exits 1; anything else is our bug and is rethrown. */
export function reportError(error: unknown): number {
  if (!(error instanceof BaseError)) throw error
  process.stderr.write(`${error.name}: ${error.message}${error.details ? ` ${JSON.stringify(error.details)}` : ''}\n`)
  return 1
}
