import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { parseUnits } from 'viem'
import { afterAll, describe, expect, it } from 'vitest'
import { startAnvil } from '@/lib/chain/anvil'
import { createChainClients } from '@/lib/chain/clients'
import { arborTokenAbi } from '@/lib/chain/contracts'
import { deployDemoContracts } from '@/lib/chain/deploy-demo'
import { devAccounts } from '@/lib/chain/dev-accounts'
import { readTokenInfo } from '@/lib/chain/read-token'

const stateDir = mkdtempSync(path.join(tmpdir(), 'arbor-anvil-'))
const stateFile = path.join(stateDir, 'state.json')
const [deployer] = devAccounts

afterAll(() => rmSync(stateDir, { recursive: true, force: true }))

describe('deployDemoContracts', () => {
  it('deploys the token, funds and self-delegates the first voters, and survives a restart with --state', async () => {
    const first = await startAnvil({ stateFile })
    let token: `0x${string}`
    let blockNumber: bigint
    try {
      const clients = createChainClients({ rpcUrl: first.rpcUrl, chainId: first.chainId, account: deployer.privateKey })
      const demo = await deployDemoContracts(clients, { holder: deployer.address })
      ;({ token, blockNumber } = demo)
      expect(demo.voters).toEqual(devAccounts.slice(0, 5).map((account) => account.address))

      expect(await readTokenInfo(clients.publicClient, token)).toEqual({
        address: token,
        name: 'Arbor',
        symbol: 'ARB',
        decimals: 18,
        totalSupply: parseUnits('1000000', 18),
      })
      for (const voter of devAccounts.slice(1, 5)) {
        const votes = await clients.publicClient.readContract({
          address: token,
          abi: arborTokenAbi,
          functionName: 'getPastVotes',
          args: [voter.address, blockNumber],
        })
        expect(votes).toBe(parseUnits('10000', 18))
      }
      const holderVotes = await clients.publicClient.readContract({
        address: token,
        abi: arborTokenAbi,
        functionName: 'getPastVotes',
        args: [deployer.address, blockNumber],
      })
      expect(holderVotes).toBe(parseUnits('960000', 18))
    } finally {
      await first.stop()
    }

    // anvil dumps its state on SIGTERM; a new anvil loads it and the token is still there.
    const second = await startAnvil({ stateFile })
    try {
      const { publicClient } = createChainClients({ rpcUrl: second.rpcUrl, chainId: second.chainId })
      expect(await publicClient.getBlockNumber()).toBeGreaterThanOrEqual(blockNumber)
      expect((await readTokenInfo(publicClient, token)).symbol).toBe('ARB')
    } finally {
      await second.stop()
    }
  })
})
