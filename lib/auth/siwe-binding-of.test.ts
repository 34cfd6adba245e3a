import { describe, expect, it } from 'vitest'
import { InvalidSignInError } from './errors'
import { readSessionToken } from './read-session-token'
import { serializeSessionCookie } from './serialize-session-cookie'
import { siweBindingOf } from './siwe-binding-of'

const at = (url: string, headers: Record<string, string>) => new Request(url, { headers })

describe('siweBindingOf', () => {
  it('is the Host the request reached, with its scheme (x-forwarded-proto behind a proxy)', () => {
    expect(siweBindingOf(at('http://localhost:3000/api/auth/verify', { host: 'localhost:3000' }))).toEqual({ domain: 'localhost:3000', origin: 'http://localhost:3000', secure: false })
    expect(siweBindingOf(at('http://10.0.0.5/api/auth/verify', { host: 'Arbor.Example', 'x-forwarded-proto': 'https, http' }))).toEqual({
      domain: 'arbor.example',
      origin: 'https://arbor.example',
      secure: true,
    })
    expect(siweBindingOf(at('http://x/', { host: 'arbor.example', 'x-forwarded-proto': 'gopher' })).origin).toBe('http://arbor.example')
  })

  it('is APP_URL when configured, whatever Host the request claims', () => {
    expect(siweBindingOf(at('http://x/', { host: 'evil.example' }), { appUrl: 'https://arbor.example/' })).toEqual({ domain: 'arbor.example', origin: 'https://arbor.example', secure: true })
  })

  it('names the host when there is none', () => {
    const request = at('http://x/', {})
    request.headers.delete('host')
    expect(() => siweBindingOf(request)).toThrow(InvalidSignInError)
  })
})

describe('the session cookie', () => {
  it('round-trips its token through a Cookie header, among other cookies', () => {
    const set = serializeSessionCookie({ token: 'tok-en_1', expiresAt: new Date(Date.now() + 3_600_000), secure: true })
    expect(set).toMatch(/^arbor_admin_session=tok-en_1; Path=\/; Max-Age=3600; HttpOnly; SameSite=Lax; Secure$/)
    expect(readSessionToken(at('http://x/', { cookie: `a=1; ${set.split(';')[0]}; b=2` }))).toBe('tok-en_1')
    expect(readSessionToken(at('http://x/', { cookie: 'xarbor_admin_session=nope; arbor_admin_session=' }))).toBeUndefined()
    expect(readSessionToken({ get: (name) => (name === 'arbor_admin_session' ? { value: 'store' } : undefined) })).toBe('store')
  })

  it('is cleared with Max-Age=0', () => {
    expect(serializeSessionCookie({ token: null, secure: false })).toBe('arbor_admin_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax')
  })
})
