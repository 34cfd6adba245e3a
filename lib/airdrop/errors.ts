import { BaseError, NotFoundError } from '../errors'
import type { AllocationRowError } from './parse-allocations'

export class CampaignNotFoundError extends NotFoundError {
  override name = 'CampaignNotFoundError'
  constructor(campaignId: string) {
    super(`no campaign ${campaignId}`, { field: 'campaignId' })
  }
}

/** The campaign is past the step asked for (e.g. a file uploaded after deployment): 409. */
export class CampaignStateError extends BaseError {
  override name = 'CampaignStateError'
  constructor(message: string, details?: Record<string, unknown>) {
    super(message, { code: 'conflict', details })
  }
}

/** An allocation file with bad rows (422): the first 100 in `details.errors`, all counted. Nothing was stored. */
export class AllocationFileError extends BaseError {
  override name = 'AllocationFileError'
  constructor({ errorCount, rowCount, errors }: { errorCount: number; rowCount: number; errors: AllocationRowError[] }) {
    super(`${errorCount} bad row${errorCount === 1 ? '' : 's'} in the allocation file; nothing was stored`, {
      code: 'validation',
      details: { field: 'file', errorCount, rowCount, errors: errors.slice(0, 100) },
    })
  }
}

/** What the chain says does not match the campaign (wrong root, not deployed, underfunded): 422. */
export class CampaignChainMismatchError extends BaseError {
  override name = 'CampaignChainMismatchError'
  constructor(message: string, details?: Record<string, unknown>) {
    super(message, { code: 'validation', details })
  }
}
