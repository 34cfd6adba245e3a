import { BaseError } from '@/lib/errors'

/** The sign-in request is malformed (422): `details.field` names what. */
export class InvalidSignInError extends BaseError {
  override name = 'InvalidSignInError'
  readonly field: string
  constructor(field: string, problem: string) {
    super(`invalid sign-in: ${field}: ${problem}`, { code: 'validation', details: { field } })
    this.field = field
  }
}

/**
 * A well-formed sign-in that does not authenticate (401): a message for another site, chain or
 * purpose, an unknown, expired or used nonce, or a signature that is not the address's.
 */
export class SignInRejectedError extends BaseError {
  override name = 'SignInRejectedError'
  readonly field: string
  constructor(field: string, reason: string, cause?: unknown) {
    super(`sign-in rejected: ${field}: ${reason}`, { code: 'unauthorized', details: { field, reason }, cause })
    this.field = field
  }
}

/** The signature is good, but the address is not an admin of this install (403). */
export class NotAdminError extends BaseError {
  override name = 'NotAdminError'
  constructor(address: string, { adminsConfigured }: { adminsConfigured: boolean }) {
    super(
      adminsConfigured
        ? `${address} is not an admin of this Arbor install (not in ADMIN_ADDRESSES).`
        : `${address} is not an admin: this Arbor install has no admins (ADMIN_ADDRESSES is not set).`,
      { code: 'forbidden', details: { address } },
    )
  }
}

/** An admin-only request without a live admin session (401). */
export class AdminSessionRequiredError extends BaseError {
  override name = 'AdminSessionRequiredError'
  constructor() {
    super('admin session required: sign in with Ethereum at /admin', { code: 'unauthorized' })
  }
}

/** A state-changing admin request whose `Origin` is missing, `null` or another site's (403). */
export class CrossSiteRequestError extends BaseError {
  override name = 'CrossSiteRequestError'
  constructor(origin: string | undefined) {
    super(
      origin === undefined
        ? 'cross-site check failed: the request has no Origin header'
        : `cross-site check failed: requests from ${JSON.stringify(origin)} may not change admin data`,
      { code: 'forbidden', details: { field: 'origin', origin: origin ?? null } },
    )
  }
}
