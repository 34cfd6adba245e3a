import { BaseError } from '../errors'

/** The relayer has no key: RELAYER_PRIVATE_KEY is unset outside the local dev chain. */
export class RelayerNotConfiguredError extends BaseError {
  override name = 'RelayerNotConfiguredError'
  constructor(message: string, details?: Record<string, unknown>) {
    super(message, { code: 'internal', details })
  }
}

/** A campaign's relay stopped: its claims stay pending (details say why, e.g. the revert's error name). */
export class RelayCampaignError extends BaseError {
  override name = 'RelayCampaignError'
  constructor(message: string, details?: Record<string, unknown>, cause?: unknown) {
    super(message, { code: 'internal', details, cause })
  }
}

/** The stored tree or allocations do not give the campaign's Merkle root: a broken invariant. */
export class RelayTreeMismatchError extends BaseError {
  override name = 'RelayTreeMismatchError'
  constructor(message: string, details?: Record<string, unknown>) {
    super(message, { code: 'internal', details })
  }
}
