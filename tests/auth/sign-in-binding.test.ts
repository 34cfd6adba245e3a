import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { createAdminSiweMessage } from '@/lib/auth/create-admin-siwe-message'
import type { NonceResponse } from '@/lib/auth/schema'
import { startAnvil, type StartAnvilReturnType } from '@/lib/chain/anvil'
import { devAccounts } from '@/lib/chain/dev-accounts'
import { env } from '@/lib/env'
import { createTestDatabase, type TestDatabase } from '../support/database'

const admin = privateKeyToAccount(devAccounts[0].privateKey)

type VerifyRoute = typeof import('@/app/api/auth/verify/route')
type NonceRoute = typeof import('@/app/api/auth/nonce/route')

/**
 * Sign-in is bound to APP_URL outside the local dev stack: a look-alike site cannot collect a
 * signature for its own domain and replay it with `Host:` set to that domain.
 */
describe.skipIf(!env.TEST_DATABASE_URL)('sign-in binding to APP_URL (route handlers, real Postgres)', () => {
  let database: TestDatabase
  let anvil: StartAnvilReturnType

  beforeAll(async () => {
    ;[database, anvil] = await Promise.all([createTestDatabase(), startAnvil({ port: 0 })])
  })
  afterEach(async () => {
    const { getDatabase } = await import('@/lib/db/get-database')
    await getDatabase().close()
    Object.assign(globalThis, { __arborDatabase: undefined })
    vi.unstubAllEnvs()
  })
  afterAll(async () => {
    await anvil?.stop()
    await database?.drop()
  })

  /** Fresh route modules under this environment (lib/env reads it once, at import). */
  async function routesWith(variables: Record<string, string>): Promise<{ verify: VerifyRoute; nonce: NonceRoute }> {
    const base = {
      DATABASE_URL: database.url!,
      RPC_URL: anvil.rpcUrl,
      CHAIN_ID: String(anvil.chainId),
      ADMIN_ADDRESSES: admin.address,
      SESSION_SECRET: 'binding-test-secret-0123456789abcdef0123456789',
      APP_URL: '',
      TRUST_PROXY: '',
      ARBOR_DEV_STACK: '',
    }
    for (const [name, value] of Object.entries({ ...base, ...variables })) vi.stubEnv(name, value)
    vi.resetModules()
    return { verify: await import('@/app/api/auth/verify/route'), nonce: await import('@/app/api/auth/nonce/route') }
  }

  async function signInAt(routes: { verify: VerifyRoute; nonce: NonceRoute }, { domain, scheme = 'http', headers }: { domain: string; scheme?: string; headers: Record<string, string> }) {
    const nonce = (await routes.nonce.GET().json()) as NonceResponse
    const message = createAdminSiweMessage({
      address: admin.address,
      chainId: nonce.chainId,
      domain,
      uri: `${scheme}://${domain}`,
      nonce: nonce.nonce,
      issuedAt: new Date(nonce.issuedAt),
      expirationTime: new Date(nonce.expiresAt),
    })
    const body = JSON.stringify({ message, signature: await admin.signMessage({ message }) })
    const response = await routes.verify.POST(new Request(`http://${headers.host}/api/auth/verify`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } }))
    return { status: response.status, body: (await response.json()) as { error?: { details?: { field?: string } } } }
  }

  it('with APP_URL, a message made for evil.example and posted with Host: evil.example is refused; one for APP_URL passes', async () => {
    const routes = await routesWith({ APP_URL: 'https://arbor.example', NODE_ENV: 'production' })
    const evil = await signInAt(routes, { domain: 'evil.example', headers: { host: 'evil.example', origin: 'https://arbor.example' } })
    expect(evil.status).toBe(401)
    expect(evil.body.error?.details?.field).toBe('domain')
    const real = await signInAt(routes, { domain: 'arbor.example', scheme: 'https', headers: { host: 'arbor.example', origin: 'https://arbor.example' } })
    expect(real.status).toBe(200)
  })

  it('without APP_URL outside the dev stack, the request’s Host is never trusted, localhost included', async () => {
    const routes = await routesWith({ NODE_ENV: 'production', ADMIN_ADDRESSES: '' })
    for (const host of ['evil.example', 'localhost:3000']) {
      const result = await signInAt(routes, { domain: host, headers: { host, origin: `http://${host}` } })
      expect(result.status, host).toBe(401)
      expect(result.body.error?.details?.field, host).toBe('domain')
    }
  })

  it('on the local dev stack without APP_URL, only a loopback Host is taken; x-forwarded-host only with TRUST_PROXY', async () => {
    const dev = await routesWith({ NODE_ENV: 'production', ARBOR_DEV_STACK: '1' })
    expect((await signInAt(dev, { domain: '127.0.0.1:3120', headers: { host: '127.0.0.1:3120', origin: 'http://127.0.0.1:3120' } })).status).toBe(200)
    const evil = await signInAt(dev, { domain: 'evil.example', headers: { host: 'evil.example', origin: 'http://evil.example' } })
    expect(evil.status).toBe(401)
    // a proxy header the deployment did not vouch for is ignored: the site is the Host, not evil.example
    const forwarded = await signInAt(dev, {
      domain: 'evil.example',
      headers: { host: 'localhost:3120', 'x-forwarded-host': 'evil.example', origin: 'http://localhost:3120' },
    })
    expect(forwarded.status).toBe(401)
    expect(forwarded.body.error?.details?.field).toBe('domain')
    const proxied = await routesWith({ NODE_ENV: 'production', ARBOR_DEV_STACK: '1', TRUST_PROXY: '1' })
    const behindProxy = await signInAt(proxied, {
      domain: 'localhost:8080',
      headers: { host: '10.0.0.5:3000', 'x-forwarded-host': 'localhost:8080', origin: 'http://localhost:8080' },
    })
    expect(behindProxy.status).toBe(200)
  })
})

describe('lib/env', () => {
  afterEach(() => vi.unstubAllEnvs())

  const loadEnv = async (variables: Record<string, string>) => {
    for (const [name, value] of Object.entries(variables)) vi.stubEnv(name, value)
    vi.resetModules()
    return import('@/lib/env')
  }
  const production = { NODE_ENV: 'production', ADMIN_ADDRESSES: admin.address, SESSION_SECRET: 'x'.repeat(32), APP_URL: '', ARBOR_DEV_STACK: '' }

  it('fails at startup naming APP_URL in production when admins are configured', async () => {
    await expect(loadEnv(production)).rejects.toThrow(/APP_URL: required in production when ADMIN_ADDRESSES is set/)
    await expect(loadEnv({ ...production, APP_URL: 'https://arbor.example' })).resolves.toMatchObject({ env: { APP_URL: 'https://arbor.example' } })
    await expect(loadEnv({ ...production, ARBOR_DEV_STACK: '1' })).resolves.toMatchObject({ env: { ARBOR_DEV_STACK: true } })
    await expect(loadEnv({ ...production, ADMIN_ADDRESSES: '' })).resolves.toBeDefined()
  })
})
