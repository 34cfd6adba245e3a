import { timingSafeEqual } from 'node:crypto'
import { SignInRejectedError } from './errors'
import { nonceMac } from './issue-nonce'
import { CLOCK_SKEW_MS, NONCE_TTL_MS } from './schema'

export type CheckNonceParameters = { nonce: string; secret: string; now?: Date }
export type CheckNonceReturnType = { issuedAt: Date; expiresAt: Date }

const nonceFormat = /^[0-9a-f]{24}[0-9a-f]{10}[0-9a-f]{32}$/

/** Accepts a nonce this server issued (with `secret`) less than 10 minutes ago; throws `SignInRejectedError` naming `nonce` otherwise. */
export function checkNonce({ nonce, secret, now = new Date() }: CheckNonceParameters): CheckNonceReturnType {
  if (!nonceFormat.test(nonce)) throw new SignInRejectedError('nonce', 'not a nonce from GET /api/auth/nonce')
  const randomHex = nonce.slice(0, 24)
  const issuedHex = nonce.slice(24, 34)
  const mac = Buffer.from(nonce.slice(34), 'hex')
  const expected = Buffer.from(nonceMac(secret, randomHex, issuedHex), 'hex')
  if (!timingSafeEqual(mac, expected)) {
    throw new SignInRejectedError('nonce', 'not issued by this server (or the server restarted with another SESSION_SECRET)')
  }
  const issuedAt = new Date(parseInt(issuedHex, 16) * 1000)
  const expiresAt = new Date(issuedAt.getTime() + NONCE_TTL_MS)
  if (issuedAt.getTime() > now.getTime() + CLOCK_SKEW_MS) throw new SignInRejectedError('nonce', 'issued in the future')
  if (now >= expiresAt) throw new SignInRejectedError('nonce', 'expired: nonces are good for 10 minutes; sign in again')
  return { issuedAt, expiresAt }
}
