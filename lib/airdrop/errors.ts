import { BaseError, InvariantError, NotFoundError, ValidationError } from '../errors'

/** Airdrop errors: caller mistakes name the field; a campaign whose stored tree we cannot serve is our bug. */

/** No campaign with this id (404, field `campaignId`). */
export class CampaignNotFoundError extends NotFoundError {
  override name = 'CampaignNotFoundError'
  constructor(campaignId: string) {
    super(`no campaign ${JSON.stringify(campaignId)}`, { field: 'campaignId', campaignId })
  }
}

/** The campaign exists but its tree is not built yet (404). */
export class CampaignTreeNotReadyError extends NotFoundError {
  override name = 'CampaignTreeNotReadyError'
  constructor(campaignId: string) {
    super(`campaign ${campaignId} has no Merkle tree yet`, { field: 'campaignId', campaignId })
  }
}

/** The account has no allocation in the campaign (404). */
export class NotEligibleError extends NotFoundError {
  override name = 'NotEligibleError'
  constructor(account: string, campaignId: string) {
    super(`${account} is not eligible in campaign ${campaignId}`, { field: 'address', account, campaignId })
  }
}

/** An address that is not `0x` + 40 hex digits (422, naming the field and the value). */
export class InvalidAccountError extends ValidationError {
  override name = 'InvalidAccountError'
  constructor(field: string, value: unknown) {
    super(`${field}: ${JSON.stringify(value)} is not an address (0x followed by 40 hex digits)`, { field, value })
  }
}

/** A request body that does not fit its schema (422, naming the field). */
export class InvalidAirdropRequestError extends ValidationError {
  override name = 'InvalidAirdropRequestError'
  constructor(field: string, problem: string) {
    super(`${field}: ${problem}`, { field })
  }
}

/** The stored tree is not the distributor's `(uint256 index, address account, uint256 amount)` compact tree. */
export class UnservableCampaignTreeError extends InvariantError {
  override name = 'UnservableCampaignTreeError'
  constructor(campaignId: string, reason: string) {
    super(`campaign ${campaignId}: stored tree cannot be served: ${reason}`)
  }
}

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
