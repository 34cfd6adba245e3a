import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAnvil, type StartAnvilReturnType } from '@/lib/chain/anvil'
import { AnvilStartError } from '@/lib/chain/errors'

describe('startAnvil', () => {
  let anvil: StartAnvilReturnType

  beforeAll(async () => {
    anvil = await startAnvil({ chainId: 31338 })
  })
  afterAll(async () => {
    await anvil?.stop()
  })

  it('answers JSON-RPC on a free port with the chain id asked for', async () => {
    expect(anvil.port).toBeGreaterThan(0)
    const response = await fetch(anvil.rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
    })
    expect(await response.json()).toMatchObject({ result: '0x7a6a' })
  })

  it('refuses a port that is already taken', async () => {
    await expect(startAnvil({ port: anvil.port })).rejects.toThrow(AnvilStartError)
  })

  it('stops the process and is safe to stop twice', async () => {
    const other = await startAnvil()
    await other.stop()
    await other.stop()
    expect(() => process.kill(other.pid, 0)).toThrow()
  })
})
