/** GET /api/cron/relay refuses without its secret: a missing or wrong bearer, or no CRON_SECRET at all off the local dev chain. */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { authorizeCron } from '@/lib/http/authorize-cron'

const secret = 'relay-cron-secret-0123456789abcdef'
const site = 'https://arbor.test/api/cron/relay'

async function loadRoute(variables: Record<string, string>) {
  for (const [name, value] of Object.entries(variables)) vi.stubEnv(name, value)
  // fresh modules, so lib/env reads the variables above
  vi.resetModules()
  return import('@/app/api/cron/relay/route')
}

afterEach(() => {
  vi.unstubAllEnvs()
})

describe('GET /api/cron/relay', () => {
  it('answers 401 without a bearer and with a wrong one, and checks the query once the secret is right', async () => {
    const { GET } = await loadRoute({ CRON_SECRET: secret, RPC_URL: 'https://rpc.example.com', CHAIN_ID: '1' })
    const missing = await GET(new Request(site))
    expect(missing.status).toBe(401)
    expect((await missing.json()).error).toMatchObject({ code: 'unauthorized', details: { variable: 'CRON_SECRET' } })
    for (const authorization of [`Bearer ${secret}x`, `Bearer ${secret.slice(1)}`, secret, `Basic ${secret}`]) {
      expect((await GET(new Request(site, { headers: { authorization } }))).status).toBe(401)
    }
    // past the check: a bad option is a 422 naming it (nothing is sent)
    const bad = await GET(new Request(`${site}?maxBatchSize=0`, { headers: { authorization: `Bearer ${secret}` } }))
    expect(bad.status).toBe(422)
    expect((await bad.json()).error.details).toMatchObject({ field: 'maxBatchSize' })
  })

  it('fails closed without CRON_SECRET outside the local dev chain: 401 naming the variable', async () => {
    const { GET } = await loadRoute({ CRON_SECRET: '', RPC_URL: 'https://rpc.example.com', CHAIN_ID: '1' })
    for (const authorization of ['', 'Bearer ', 'Bearer anything-at-all-0123456789']) {
      const response = await GET(new Request(site, { headers: authorization ? { authorization } : {} }))
      expect(response.status).toBe(401)
      expect((await response.json()).error.message).toContain('CRON_SECRET is not set')
    }
  })
})

describe('authorizeCron', () => {
  const request = (authorization?: string) => new Request(site, { headers: authorization ? { authorization } : {} })
  it('requires the exact bearer when a secret is set, on any chain', () => {
    expect(() => authorizeCron(request(`Bearer ${secret}`), { secret, localDevStack: false })).not.toThrow()
    expect(() => authorizeCron(request(), { secret, localDevStack: true })).toThrow(/cron secret/)
    expect(() => authorizeCron(request('Bearer wrong'), { secret, localDevStack: true })).toThrow(/cron secret/)
  })
  it('without a secret, lets only the local dev stack through', () => {
    expect(() => authorizeCron(request(), { secret: undefined, localDevStack: true })).not.toThrow()
    expect(() => authorizeCron(request(`Bearer ${secret}`), { secret: undefined, localDevStack: false })).toThrow(/CRON_SECRET is not set/)
  })
})

describe('getRelayerClients', () => {
  it('uses anvil account #0 on the local dev chain and refuses, naming RELAYER_PRIVATE_KEY, anywhere else without a key', async () => {
    vi.stubEnv('RELAYER_PRIVATE_KEY', '')
    vi.resetModules()
    const { getRelayerClients } = await import('@/lib/airdrop/get-relayer-clients')
    const { devAccounts } = await import('@/lib/chain/dev-accounts')
    expect(getRelayerClients({ rpcUrl: 'http://127.0.0.1:8545', chainId: 31337 }).walletClient.account.address).toBe(devAccounts[0].address)
    expect(() => getRelayerClients({ rpcUrl: 'https://rpc.example.com', chainId: 1 })).toThrow(/RELAYER_PRIVATE_KEY is not set/)
    expect(() => getRelayerClients({ rpcUrl: 'http://127.0.0.1:8545', chainId: 1 })).toThrow(/RELAYER_PRIVATE_KEY/)
  })
})
