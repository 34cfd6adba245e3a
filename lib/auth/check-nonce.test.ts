import { describe, expect, it } from 'vitest'
import { checkNonce } from './check-nonce'
import { SignInRejectedError } from './errors'
import { issueNonce } from './issue-nonce'
import { NONCE_TTL_MS } from './schema'

const secret = 'unit-secret-0123456789abcdef0123456789abcdef'
const at = new Date('2026-11-24T10:00:00Z')

function reason(work: () => unknown): string {
  try {
    work()
  } catch (error) {
    expect(error).toBeInstanceOf(SignInRejectedError)
    expect((error as SignInRejectedError).field).toBe('nonce')
    return (error as Error).message
  }
  throw new Error('expected a rejection')
}

describe('sign-in nonces', () => {
  it('are EIP-4361 alphanumerics that this server accepts for 10 minutes', () => {
    const { nonce, issuedAt, expiresAt } = issueNonce({ secret, now: at })
    expect(nonce).toMatch(/^[0-9a-f]{66}$/)
    expect(expiresAt.getTime() - issuedAt.getTime()).toBe(NONCE_TTL_MS)
    expect(checkNonce({ nonce, secret, now: new Date(at.getTime() + NONCE_TTL_MS - 1) })).toEqual({ issuedAt, expiresAt })
    expect(reason(() => checkNonce({ nonce, secret, now: expiresAt }))).toContain('expired')
    expect(issueNonce({ secret, now: at }).nonce).not.toBe(nonce)
  })

  it('refuse any changed character, another key, a future issue time, and other shapes', () => {
    const { nonce } = issueNonce({ secret, now: at })
    for (let i = 0; i < nonce.length; i++) {
      const changed = `${nonce.slice(0, i)}${nonce[i] === '0' ? '1' : '0'}${nonce.slice(i + 1)}`
      expect(() => checkNonce({ nonce: changed, secret, now: at }), `position ${i}`).toThrow(SignInRejectedError)
    }
    expect(reason(() => checkNonce({ nonce, secret: `${secret}x`, now: at }))).toContain('not issued by this server')
    const future = issueNonce({ secret, now: new Date(at.getTime() + 5 * 60_000) }).nonce
    expect(reason(() => checkNonce({ nonce: future, secret, now: at }))).toContain('future')
    for (const shape of ['', 'abcdefgh', nonce.toUpperCase(), `${nonce}00`]) expect(reason(() => checkNonce({ nonce: shape, secret, now: at }))).toContain('not a nonce')
  })
})
