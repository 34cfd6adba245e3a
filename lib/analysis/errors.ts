import { BaseError } from '@/lib/errors'

/** The proposal given to the analyst does not match the input schema; `details.field` names where. */
export class InvalidProposalError extends BaseError {
  override name = 'InvalidProposalError'
  readonly field: string
  constructor(field: string, problem: string, issues: { field: string; message: string }[]) {
    super(`invalid proposal: ${field}: ${problem}`, { code: 'validation', details: { field, issues } })
    this.field = field
  }
}

/** The language model did not answer, answered late, or answered outside the schema. */
export class ModelAnalysisError extends BaseError {
  override name = 'ModelAnalysisError'
  constructor(message: string, cause?: unknown) {
    super(message, { code: 'internal', cause })
  }
}

/** The fork could not be started or read; the analysis goes on without simulation. */
export class SimulationError extends BaseError {
  override name = 'SimulationError'
  constructor(message: string, cause?: unknown) {
    super(message, { code: 'internal', cause })
  }
}
