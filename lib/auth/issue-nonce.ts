import { createHmac, randomBytes } from 'node:crypto'
import { NONCE_TTL_MS } from './schema'

export type IssueNonceParameters = { secret: string; now?: Date; random?: Uint8Array }
export type IssueNonceReturnType = { nonce: string; issuedAt: Date; expiresAt: Date }

const NONCE_PURPOSE = 'arbor-admin-siwe-nonce-v1'

/** The MAC that makes a nonce ours: over the purpose, the random part and the issue time. */
export function nonceMac(secret: string, randomHex: string, issuedHex: string): string {
  return createHmac('sha256', secret).update(`${NONCE_PURPOSE}:${randomHex}:${issuedHex}`).digest('hex').slice(0, 32)
}

/**
 * A sign-in nonce that needs no storage until it is used: 12 random bytes, the issue time (unix
 * seconds) and an HMAC over both, all hex (EIP-4361 wants alphanumerics). Single use is enforced
 * when a session is created with it (`admin_sessions.nonce` is unique).
 */
export function issueNonce({ secret, now = new Date(), random = randomBytes(12) }: IssueNonceParameters): IssueNonceReturnType {
  const randomHex = Buffer.from(random).toString('hex')
  const issuedSeconds = Math.floor(now.getTime() / 1000)
  const issuedHex = issuedSeconds.toString(16).padStart(10, '0')
  const issuedAt = new Date(issuedSeconds * 1000)
  return {
    nonce: `${randomHex}${issuedHex}${nonceMac(secret, randomHex, issuedHex)}`,
    issuedAt,
    expiresAt: new Date(issuedAt.getTime() + NONCE_TTL_MS),
  }
}
