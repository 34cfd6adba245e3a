import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAnvil, type StartAnvilReturnType } from '@/lib/chain/anvil'
import { createChainClients } from '@/lib/chain/clients'
import { arborSettlementAbi, arborSettlementBytecode } from '@/lib/chain/contracts'
import { deployContract } from '@/lib/chain/deploy-contract'
import { devAccounts } from '@/lib/chain/dev-accounts'
import { childProcessEnv, env } from '@/lib/env'
import { createClaimMessageType } from '@/lib/intake/claim-message'
import { createIntakeEngine } from '@/lib/intake/create-intake-engine'
import { createVerifierPool } from '@/lib/intake/verifier-pool'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { createTestKeys, seedCampaign, signClaim } from './support/fixtures'
import { createClaimEligibility } from '@/lib/intake/create-claim-eligibility'

const run = promisify(execFile)
const cli = (args: string[], extraEnv: Record<string, string>) =>
  run(process.execPath, ['--import', 'tsx', '-e', `import('./scripts/cli/settle.ts').then(async (m) => { process.exitCode = await m.run(${JSON.stringify(args)}) })`], {
    cwd: process.cwd(),
    env: childProcessEnv(extraEnv),
  })

describe.skipIf(!env.TEST_DATABASE_URL)('arbor settle checkpoint', () => {
  let database: TestDatabase
  let anvil: StartAnvilReturnType
  beforeAll(async () => {
    ;[database, anvil] = await Promise.all([createTestDatabase(), startAnvil()])
    const engine = createIntakeEngine({ sql: database.sql, types: [createClaimMessageType(createClaimEligibility({ sql: database.sql }))], pool: createVerifierPool({ size: 0 }) })
    const campaign = await seedCampaign(database.sql, { chainId: 31337, keys: await createTestKeys(4) })
    await engine.submit('claim', await Promise.all(campaign.allocations.map((a) => signClaim(campaign, a, campaign.proofOf(a.index)))))
    await engine.close()
  })
  afterAll(async () => {
    await database?.drop()
    await anvil?.stop()
  })

  it('records a pending checkpoint without a settlement target, then posts it with one', async () => {
    const pending = await cli(['checkpoint'], { DATABASE_URL: database.url!, SETTLEMENT_ADDRESS: '', SETTLER_PRIVATE_KEY: '' })
    expect(JSON.parse(pending.stdout.trim().split('\n').at(-1)!)).toMatchObject({ created: { seq: 1, batchCount: expect.any(Number) }, posted: [], pending: true })
    const clients = createChainClients({ rpcUrl: anvil.rpcUrl, chainId: anvil.chainId, account: devAccounts[0].privateKey })
    const { address } = await deployContract(clients, { abi: arborSettlementAbi, bytecode: arborSettlementBytecode, args: [devAccounts[0].address, devAccounts[0].address] })
    const posted = await cli(['checkpoint', '--settlement', address, '--private-key', devAccounts[0].privateKey, '--rpc-url', anvil.rpcUrl], { DATABASE_URL: database.url! })
    const result = JSON.parse(posted.stdout.trim().split('\n').at(-1)!) as { created: null; posted: Array<{ seq: number; root: string }> }
    expect(result.created).toBeNull()
    expect(result.posted.map((p) => p.seq)).toEqual([1])
    const onChain = await clients.publicClient.readContract({ address, abi: arborSettlementAbi, functionName: 'checkpoint', args: [1n] })
    expect(onChain.root).toBe(result.posted[0]!.root)
  })
})
