import { readFile } from 'node:fs/promises'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createAdminSiweMessage } from '@/lib/auth/create-admin-siwe-message'
import type { NonceResponse } from '@/lib/auth/schema'
import { startAnvil, type StartAnvilReturnType } from '@/lib/chain/anvil'
import { devAccounts } from '@/lib/chain/dev-accounts'
import { env } from '@/lib/env'
import { createTestDatabase, type TestDatabase } from '../support/database'

type Routes = {
  nonce: typeof import('@/app/api/auth/nonce/route')
  verify: typeof import('@/app/api/auth/verify/route')
  logout: typeof import('@/app/api/auth/logout/route')
  session: typeof import('@/app/api/auth/session/route')
  analyze: typeof import('@/app/api/admin/analyze/route')
}

const site = 'http://localhost:3000'
const admin = privateKeyToAccount(devAccounts[0].privateKey)
const stranger = privateKeyToAccount(devAccounts[1].privateKey)

/** The route handlers against a real Postgres and anvil, with the environment a deployment would have. */
describe.skipIf(!env.TEST_DATABASE_URL)('admin routes (route handlers, real Postgres)', () => {
  let database: TestDatabase
  let anvil: StartAnvilReturnType
  let routes: Routes

  beforeAll(async () => {
    ;[database, anvil] = await Promise.all([createTestDatabase(), startAnvil({ port: 0 })])
    vi.stubEnv('DATABASE_URL', database.url!)
    vi.stubEnv('RPC_URL', anvil.rpcUrl)
    vi.stubEnv('CHAIN_ID', String(anvil.chainId))
    vi.stubEnv('ADMIN_ADDRESSES', `${admin.address}, 0x000000000000000000000000000000000000dEaD`)
    vi.stubEnv('SESSION_SECRET', 'route-test-secret-0123456789abcdef0123456789')
    vi.stubEnv('APP_URL', '')
    // Behind a TLS-terminating proxy that sets x-forwarded-proto (one test below).
    vi.stubEnv('TRUST_PROXY', '1')
    vi.stubEnv('OPENAI_API_KEY', '')
    // Fresh modules, so lib/env reads the variables above.
    vi.resetModules()
    routes = {
      nonce: await import('@/app/api/auth/nonce/route'),
      verify: await import('@/app/api/auth/verify/route'),
      logout: await import('@/app/api/auth/logout/route'),
      session: await import('@/app/api/auth/session/route'),
      analyze: await import('@/app/api/admin/analyze/route'),
    }
  })
  afterAll(async () => {
    const { getDatabase } = await import('@/lib/db/get-database')
    await getDatabase().close()
    vi.unstubAllEnvs()
    await anvil?.stop()
    await database?.drop()
  })

  // What a browser on the site sends: its Host, and its Origin on every POST.
  const request = (path: string, init: RequestInit & { cookie?: string; host?: string; headers?: Record<string, string> } = {}) =>
    new Request(`${site}${path}`, {
      ...init,
      headers: {
        host: init.host ?? 'localhost:3000',
        'content-type': 'application/json',
        ...(init.method === 'POST' ? { origin: site } : {}),
        ...(init.cookie ? { cookie: init.cookie } : {}),
        ...init.headers,
      },
    })

  async function signedSignIn(account = admin, { host = 'localhost:3000', chainId, scheme = 'http' }: { host?: string; chainId?: number; scheme?: string } = {}) {
    const nonce = (await routes.nonce.GET().json()) as NonceResponse
    const message = createAdminSiweMessage({
      address: account.address,
      chainId: chainId ?? nonce.chainId,
      domain: host,
      uri: `${scheme}://${host}`,
      nonce: nonce.nonce,
      issuedAt: new Date(nonce.issuedAt),
      expirationTime: new Date(nonce.expiresAt),
    })
    return { message, signature: await account.signMessage({ message }) }
  }

  async function signIn(): Promise<string> {
    const response = await routes.verify.POST(request('/api/auth/verify', { method: 'POST', body: JSON.stringify(await signedSignIn()) }))
    expect(response.status).toBe(200)
    return response.headers.get('set-cookie')!.split(';')[0]!
  }

  const errorOf = async (response: Response) => ((await response.json()) as { error: { code: string; message: string; details?: { field?: string } } }).error

  it('issues nonces bound to the configured chain and purpose, never cached', async () => {
    const response = routes.nonce.GET()
    expect(response.headers.get('cache-control')).toBe('no-store')
    const body = (await response.json()) as NonceResponse
    expect(body).toMatchObject({ chainId: anvil.chainId, statement: expect.stringContaining('Arbor admin') })
    expect(body.nonce).toMatch(/^[0-9a-f]{66}$/)
    expect(new Date(body.expiresAt).getTime() - new Date(body.issuedAt).getTime()).toBe(10 * 60 * 1000)
    expect(((await routes.nonce.GET().json()) as NonceResponse).nonce).not.toBe(body.nonce)
  })

  it('sets an HttpOnly SameSite=Lax session cookie (Secure behind https) and reports the session', async () => {
    const response = await routes.verify.POST(request('/api/auth/verify', { method: 'POST', body: JSON.stringify(await signedSignIn()) }))
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ address: admin.address, chainId: anvil.chainId })
    const cookie = response.headers.get('set-cookie')!
    expect(cookie).toMatch(/^arbor_admin_session=[\w-]{43}; Path=\/; Max-Age=28[0-8]\d\d; HttpOnly; SameSite=Lax$/)

    const session = await routes.session.GET(request('/api/auth/session', { cookie: cookie.split(';')[0] }))
    expect(await session.json()).toMatchObject({ session: { address: admin.address, chainId: anvil.chainId } })
    expect(await (await routes.session.GET(request('/api/auth/session'))).json()).toEqual({ session: null })

    // Behind a TLS-terminating proxy the site is https://localhost:3000: the cookie is Secure, and a
    // message naming http://localhost:3000 is refused by its URI.
    const https = { method: 'POST', headers: { 'x-forwarded-proto': 'https', origin: 'https://localhost:3000' } }
    const secure = await routes.verify.POST(request('/api/auth/verify', { ...https, body: JSON.stringify(await signedSignIn(admin, { scheme: 'https' })) }))
    expect(secure.status).toBe(200)
    expect(secure.headers.get('set-cookie')).toMatch(/; HttpOnly; SameSite=Lax; Secure$/)
    const plain = await routes.verify.POST(request('/api/auth/verify', { ...https, body: JSON.stringify(await signedSignIn(admin)) }))
    expect(plain.status).toBe(401)
    expect((await errorOf(plain)).details?.field).toBe('uri')
  })

  it('answers 401 for another domain or chain, 403 for a non-admin, 422 naming the field for a malformed body', async () => {
    const otherHost = await routes.verify.POST(request('/api/auth/verify', { method: 'POST', body: JSON.stringify(await signedSignIn(admin, { host: 'evil.example' })) }))
    expect(otherHost.status).toBe(401)
    expect((await errorOf(otherHost)).details?.field).toBe('domain')

    const otherChain = await routes.verify.POST(request('/api/auth/verify', { method: 'POST', body: JSON.stringify(await signedSignIn(admin, { chainId: 1 })) }))
    expect(otherChain.status).toBe(401)
    expect((await errorOf(otherChain)).details?.field).toBe('chainId')

    const notAdmin = await routes.verify.POST(request('/api/auth/verify', { method: 'POST', body: JSON.stringify(await signedSignIn(stranger)) }))
    expect(notAdmin.status).toBe(403)
    expect((await errorOf(notAdmin)).message).toBe(`${stranger.address} is not an admin of this Arbor install (not in ADMIN_ADDRESSES).`)

    for (const [body, field] of [
      ['{"message": ', 'body'],
      [JSON.stringify({ message: 5, signature: '0x00' }), 'message'],
      [JSON.stringify({ message: 'x', signature: 'nope' }), 'signature'],
      [JSON.stringify({ ...(await signedSignIn()), extra: 1 }), 'body'],
    ] as const) {
      const response = await routes.verify.POST(request('/api/auth/verify', { method: 'POST', body }))
      expect(response.status, body).toBe(422)
      expect((await errorOf(response)).details?.field, body).toBe(field)
    }
  })

  it('guards /api/admin/analyze: 401 without a session, 413 over 256 KB, 422 naming the field, 200 with a real analysis', async () => {
    const malicious = await readFile('bench/analysis/proposals/m05-compound-289.json', 'utf8')
    const anonymous = await routes.analyze.POST(request('/api/admin/analyze', { method: 'POST', body: malicious }))
    expect(anonymous.status).toBe(401)
    expect((await errorOf(anonymous)).message).toContain('admin session required')
    const forged = await routes.analyze.POST(request('/api/admin/analyze', { method: 'POST', body: malicious, cookie: 'arbor_admin_session=forged' }))
    expect(forged.status).toBe(401)

    const cookie = await signIn()
    const post = (body: string) => routes.analyze.POST(request('/api/admin/analyze', { method: 'POST', body, cookie }))

    const tooLarge = await post(JSON.stringify({ title: 'big', body: 'x'.repeat(300 * 1024), actions: [] }))
    expect(tooLarge.status).toBe(413)

    const proposal = JSON.parse(malicious) as { actions: Array<Record<string, unknown>> }
    const badTarget = await post(JSON.stringify({ ...proposal, actions: [{ ...proposal.actions[0], target: '0x1234' }] }))
    expect(badTarget.status).toBe(422)
    const error = await errorOf(badTarget)
    expect(error.details?.field).toBe('actions.0.target')
    expect(error.message).toContain('actions.0.target')
    const notJson = await post('{"title": ')
    expect(notJson.status).toBe(422)
    expect((await errorOf(notJson)).details?.field).toBe('body')

    const ok = await post(malicious)
    expect(ok.status).toBe(200)
    const analysis = (await ok.json()) as { level: string; riskScore: number; provider: string; findings: { rule: string }[]; actions: { functionName: string }[] }
    expect(['high', 'critical']).toContain(analysis.level)
    expect(analysis.provider).toBe('offline')
    expect(analysis.findings.map((finding) => finding.rule)).toContain('treasury-outflow')
    expect(analysis.actions[0]?.functionName).toBe('approve')
  })

  it('refuses admin writes from another site: a missing, null or foreign Origin is 403, same-origin passes', async () => {
    const cookie = await signIn()
    const benign = await readFile('bench/analysis/proposals/b01-arbor-demo-grant.json', 'utf8')
    // A form or fetch from evil.example: the session cookie rides along, the body is text/plain.
    const crossSite = (origin: string | undefined) =>
      routes.analyze.POST(
        new Request(`${site}/api/admin/analyze`, {
          method: 'POST',
          body: benign,
          headers: { host: 'localhost:3000', 'content-type': 'text/plain', cookie, ...(origin === undefined ? {} : { origin }) },
        }),
      )
    for (const origin of ['http://evil.example', 'null', undefined, 'http://localhost:3001', 'https://localhost:3000', 'http://sub.localhost:3000']) {
      const response = await crossSite(origin)
      expect(response.status, String(origin)).toBe(403)
      expect(await errorOf(response), String(origin)).toMatchObject({ code: 'forbidden', details: { field: 'origin' } })
    }
    expect((await crossSite(site)).status).toBe(200)
    // sign-out and sign-in are writes too
    const logout = await routes.logout.POST(request('/api/auth/logout', { method: 'POST', cookie, headers: { origin: 'http://evil.example' } }))
    expect(logout.status).toBe(403)
    const login = await routes.verify.POST(request('/api/auth/verify', { method: 'POST', body: JSON.stringify(await signedSignIn()), headers: { origin: 'null' } }))
    expect(login.status).toBe(403)
    expect(login.headers.get('set-cookie')).toBeNull()
  })

  it('signs out: the cookie is cleared and no longer opens admin routes', async () => {
    const cookie = await signIn()
    const benign = await readFile('bench/analysis/proposals/b01-arbor-demo-grant.json', 'utf8')
    expect((await routes.analyze.POST(request('/api/admin/analyze', { method: 'POST', body: benign, cookie }))).status).toBe(200)

    const out = await routes.logout.POST(request('/api/auth/logout', { method: 'POST', cookie }))
    expect(out.status).toBe(200)
    expect(await out.json()).toEqual({ signedOut: true })
    expect(out.headers.get('set-cookie')).toMatch(/^arbor_admin_session=; Path=\/; Max-Age=0; HttpOnly; SameSite=Lax$/)

    expect((await routes.analyze.POST(request('/api/admin/analyze', { method: 'POST', body: benign, cookie }))).status).toBe(401)
    expect(await (await routes.session.GET(request('/api/auth/session', { cookie }))).json()).toEqual({ session: null })
  })
})
