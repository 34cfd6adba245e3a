import { getAddress, type Address } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAnvil, type StartAnvilReturnType } from '@/lib/chain/anvil'
import { createChainClients, type ChainClients } from '@/lib/chain/clients'
import { arborSettlementAbi, arborSettlementBytecode } from '@/lib/chain/contracts'
import { deployContract } from '@/lib/chain/deploy-contract'
import { deployDaoExecutor, type DeployDaoExecutorReturnType } from '@/lib/chain/deploy-dao-executor'
import { deployDemoContracts } from '@/lib/chain/deploy-demo'
import { devAccounts } from '@/lib/chain/dev-accounts'
import { createSpace } from '@/lib/governance/create-space'
import { getSpaceOrThrow } from '@/lib/governance/get-space-or-throw'
import { createTestDatabase, type TestDatabase } from '../support/database'

const [admin, , , , , , , , , guardian] = devAccounts

describe('a space with a treasury: executor, timelock and guardian', () => {
  let database: TestDatabase
  let anvil: StartAnvilReturnType
  let clients: ChainClients
  let token: Address
  let dao: DeployDaoExecutorReturnType
  let other: DeployDaoExecutorReturnType

  beforeAll(async () => {
    ;[database, anvil] = await Promise.all([createTestDatabase(), startAnvil({ port: 0 })])
    clients = createChainClients({ rpcUrl: anvil.rpcUrl, chainId: 31337, account: admin!.privateKey })
    ;({ token } = await deployDemoContracts(clients, { holder: admin!.address }))
    const settlement = (await deployContract(clients, { abi: arborSettlementAbi, bytecode: arborSettlementBytecode, args: [admin!.address, admin!.address] })).address
    dao = await deployDaoExecutor(clients, { settlement, guardian: guardian!.address, minDelay: 3600n })
    other = await deployDaoExecutor(clients, { settlement, guardian: admin!.address, minDelay: 60n })
  }, 120_000)
  afterAll(async () => {
    await anvil?.stop()
    await database?.drop()
  })

  const space = (name: string, overrides: Record<string, unknown> = {}) => ({
    name,
    powerSource: 'token',
    tokenAddress: token,
    minVotingPeriod: 3600,
    maxVotingPeriod: 7 * 86400,
    votingTypes: ['basic'],
    executorAddress: dao.executor,
    timelockAddress: dao.timelock,
    guardianAddress: dao.guardian,
    ...overrides,
  })
  const refused = (name: string, overrides: Record<string, unknown>) =>
    createSpace(database.db, clients.publicClient, { input: space(name, overrides) })

  it('stores the three addresses in lowercase after checking them on-chain', async () => {
    const { slug } = await createSpace(database.db, clients.publicClient, { input: space('Treasury DAO', { guardianAddress: dao.guardian.toLowerCase() }) })
    const row = await database.db.space.findUniqueOrThrow({ where: { slug } })
    expect(row).toMatchObject({ executorAddress: dao.executor.toLowerCase(), timelockAddress: dao.timelock.toLowerCase(), guardianAddress: dao.guardian.toLowerCase() })
    expect(await getSpaceOrThrow(database.db, { slug })).toMatchObject({ executorAddress: getAddress(dao.executor), timelockAddress: dao.timelock, guardianAddress: dao.guardian })
  })

  it('stores none when all three are left empty', async () => {
    const { slug } = await createSpace(database.db, clients.publicClient, { input: space('No Treasury', { executorAddress: '', timelockAddress: '', guardianAddress: '' }) })
    expect(await database.db.space.findUniqueOrThrow({ where: { slug } })).toMatchObject({ executorAddress: null, timelockAddress: null, guardianAddress: null })
  })

  it('refuses a partial, malformed or inconsistent treasury with a 422 naming the field, and writes nothing', async () => {
    await expect(refused('Partial', { timelockAddress: '', guardianAddress: undefined })).rejects.toMatchObject({ code: 'validation', details: { field: 'timelockAddress' } })
    await expect(refused('Malformed', { guardianAddress: '0x1234' })).rejects.toMatchObject({ code: 'validation', details: { field: 'guardianAddress' } })
    await expect(refused('Not an executor', { executorAddress: token })).rejects.toMatchObject({ code: 'validation', details: { field: 'executorAddress' } })
    await expect(refused('Other timelock', { timelockAddress: other.timelock })).rejects.toMatchObject({ code: 'validation', details: { field: 'timelockAddress' } })
    await expect(refused('Not the guardian', { guardianAddress: admin!.address })).rejects.toMatchObject({ code: 'validation', details: { field: 'guardianAddress' } })
    expect(await database.db.space.count()).toBe(2)
  })
})
