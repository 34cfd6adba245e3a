import { describe, expect, it } from 'vitest'
import { assertSameOrigin } from './assert-same-origin'
import { CrossSiteRequestError, InvalidSignInError, SignInRejectedError } from './errors'
import { readSessionToken } from './read-session-token'
import { serializeSessionCookie } from './serialize-session-cookie'
import { siweBindingOf } from './siwe-binding-of'

const at = (url: string, headers: Record<string, string>) => new Request(url, { headers })

describe('siweBindingOf', () => {
  const local = { allowLoopback: true }
  it('on the dev stack without APP_URL: the loopback Host the request reached, with its scheme', () => {
    expect(siweBindingOf(at('http://localhost:3000/api/auth/verify', { host: 'localhost:3000' }), local)).toEqual({ domain: 'localhost:3000', origin: 'http://localhost:3000', secure: false })
    expect(siweBindingOf(at('http://x/', { host: '127.0.0.1:3120' }), local).domain).toBe('127.0.0.1:3120')
    expect(siweBindingOf(at('http://x/', { host: '[::1]:3000' }), local).domain).toBe('[::1]:3000')
  })

  it('takes x-forwarded-proto and x-forwarded-host only with trustProxy', () => {
    const proxied = at('http://10.0.0.5/api/auth/verify', { host: '10.0.0.5', 'x-forwarded-host': 'LocalHost:8080', 'x-forwarded-proto': 'https, http' })
    expect(siweBindingOf(proxied, { ...local, trustProxy: true })).toEqual({ domain: 'localhost:8080', origin: 'https://localhost:8080', secure: true })
    expect(() => siweBindingOf(proxied, local)).toThrow(SignInRejectedError)
    expect(siweBindingOf(at('http://x/', { host: 'localhost', 'x-forwarded-proto': 'https' }), local).origin).toBe('http://localhost')
    expect(siweBindingOf(at('http://x/', { host: 'localhost', 'x-forwarded-proto': 'gopher' }), { ...local, trustProxy: true }).origin).toBe('http://localhost')
  })

  it('refuses a Host that is not this machine, and any Host outside the dev stack', () => {
    expect(() => siweBindingOf(at('http://x/', { host: 'evil.example' }), local)).toThrow(/not on evil.example/)
    expect(() => siweBindingOf(at('http://x/', { host: 'localhost.evil.example' }), local)).toThrow(SignInRejectedError)
    expect(() => siweBindingOf(at('http://x/', { host: 'localhost:3000' }))).toThrow(/APP_URL is not set/)
  })

  it('is APP_URL when configured, whatever Host the request claims', () => {
    expect(siweBindingOf(at('http://x/', { host: 'evil.example' }), { appUrl: 'https://arbor.example/' })).toEqual({ domain: 'arbor.example', origin: 'https://arbor.example', secure: true })
  })

  it('names the host when there is none', () => {
    const request = at('http://x/', {})
    request.headers.delete('host')
    expect(() => siweBindingOf(request, local)).toThrow(InvalidSignInError)
  })
})

describe('assertSameOrigin', () => {
  const post = (headers: Record<string, string>) => at('http://localhost:3000/api/admin/x', headers)
  it('passes the site’s own origin and refuses a missing, null, malformed or foreign one', () => {
    expect(() => assertSameOrigin(post({ host: 'localhost:3000', origin: 'http://localhost:3000' }), {})).not.toThrow()
    for (const origin of [undefined, 'null', 'not a url', 'http://evil.example', 'http://localhost:3001', 'https://localhost:3000']) {
      expect(() => assertSameOrigin(post({ host: 'localhost:3000', ...(origin ? { origin } : {}) }), {}), String(origin)).toThrow(CrossSiteRequestError)
    }
  })
  it('with APP_URL, accepts only its origin, whatever the Host', () => {
    const appUrl = 'https://arbor.example'
    expect(() => assertSameOrigin(post({ host: 'internal:3000', origin: 'https://arbor.example' }), { appUrl })).not.toThrow()
    expect(() => assertSameOrigin(post({ host: 'evil.example', origin: 'http://evil.example' }), { appUrl })).toThrow(CrossSiteRequestError)
  })
  it('reads the server action form too (headers only)', () => {
    expect(() => assertSameOrigin({ headers: new Headers({ host: 'localhost:3000', origin: 'http://localhost:3000' }) }, {})).not.toThrow()
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
