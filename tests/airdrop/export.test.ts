import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { StandardMerkleTree } from '@openzeppelin/merkle-tree'
import { keccak256, type Address, type Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { exportCampaign } from '@/lib/airdrop/export-campaign'
import { hashDataset } from '@/lib/airdrop/hash-dataset'
import { CLAIM_LEAF_ENCODING } from '@/lib/airdrop/schema'
import { startAnvil, type StartAnvilReturnType } from '@/lib/chain/anvil'
import { createChainClients } from '@/lib/chain/clients'
import { arborDistributorAbi, arborTokenAbi } from '@/lib/chain/contracts'
import { deployDemoCampaign, type DeployDemoCampaignReturnType } from '@/lib/chain/deploy-demo-campaign'
import { deployDemoContracts } from '@/lib/chain/deploy-demo'
import { devAccounts } from '@/lib/chain/dev-accounts'
import { childProcessEnv, env } from '@/lib/env'
import { dumpStandardTree, type MerkleTree } from '@/lib/merkle'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { storeTestCampaign } from '../support/store-campaign'

type ExportRoute = typeof import('@/app/api/campaigns/[id]/export/route')

/** Claims outlive Arbor: the export loads in OpenZeppelin's library and its proofs claim on-chain. */
describe('campaign export (real database, real anvil, the demo distributor)', () => {
  let database: TestDatabase
  let anvil: StartAnvilReturnType
  let demo: DeployDemoCampaignReturnType
  let campaignId: string
  let tree: MerkleTree
  let route: ExportRoute
  let token: Address
  const recipient = privateKeyToAccount(devAccounts[3].privateKey)

  beforeAll(async () => {
    ;[database, anvil] = await Promise.all([createTestDatabase(), startAnvil({ port: 0 })])
    const clients = createChainClients({ rpcUrl: anvil.rpcUrl, chainId: anvil.chainId, account: devAccounts[0].privateKey })
    ;({ token } = await deployDemoContracts(clients, { holder: devAccounts[0].address }))
    demo = await deployDemoCampaign(clients, { token, funder: devAccounts[0].address })
    ;({ id: campaignId, tree } = await storeTestCampaign(database.db, {
      allocations: demo.allocations,
      distributor: demo.distributor,
      token,
      chainId: anvil.chainId,
    }))
    Object.assign(globalThis, { __arborDatabase: database.database })
    route = await import('@/app/api/campaigns/[id]/export/route')
  }, 120_000)
  afterAll(async () => {
    Object.assign(globalThis, { __arborDatabase: undefined })
    await anvil?.stop()
    await database?.drop()
  })

  it('exports a dump OpenZeppelin loads, with the distributor’s root; its content hash is keccak256 of its bytes', async () => {
    expect(tree.root).toBe(demo.merkleRoot)
    const exported = await exportCampaign(database.db, { campaignId })
    const text = [...exported.dumpJson()].join('')
    const oz = StandardMerkleTree.load(JSON.parse(text) as never)
    const clients = createChainClients({ rpcUrl: anvil.rpcUrl, chainId: anvil.chainId })
    const onChainRoot = await clients.publicClient.readContract({ address: demo.distributor, abi: arborDistributorAbi, functionName: 'merkleRoot' })
    expect(oz.root).toBe(onChainRoot)
    expect(exported.root).toBe(onChainRoot)
    expect(oz.dump().leafEncoding).toEqual([...CLAIM_LEAF_ENCODING])
    expect(oz.length).toBe(demo.allocations.length)

    expect(exported.contentHash).toBe(keccak256(Buffer.from(text, 'utf8')))
    // campaign creation hashes the tree it built (values as numbers and bigints): the same bytes32
    expect(await hashDataset(tree)).toBe(exported.contentHash)
    expect(await hashDataset(dumpStandardTree(tree))).toBe(exported.contentHash)
    expect(await hashDataset(JSON.stringify(oz.dump(), null, 2))).toBe(exported.contentHash)
  })

  it('writes proof chunks by the address’s first two hex digits; one of their proofs claims on-chain', async () => {
    const exported = await exportCampaign(database.db, { campaignId })
    const entries = exported.chunkNames.flatMap((name) => Object.entries(exported.proofChunk(name)).map(([account, claim]) => ({ name, account, claim })))
    expect(entries).toHaveLength(demo.allocations.length)
    for (const { name, account } of entries) expect(account.slice(2, 4).toLowerCase()).toBe(name)

    const mine = entries.find((entry) => entry.account === recipient.address)!
    expect(mine.claim).toMatchObject({ index: 3, amount: demo.allocations[3]!.amount.toString() })
    const clients = createChainClients({ rpcUrl: anvil.rpcUrl, chainId: anvil.chainId, account: recipient })
    const balance = () => clients.publicClient.readContract({ address: token, abi: arborTokenAbi, functionName: 'balanceOf', args: [recipient.address] })
    const before = await balance()
    const hash = await clients.walletClient.writeContract({
      address: demo.distributor,
      abi: arborDistributorAbi,
      functionName: 'claim',
      args: [BigInt(mine.claim.index), recipient.address, BigInt(mine.claim.amount), mine.claim.proof],
      account: recipient,
      chain: clients.walletClient.chain,
    })
    expect((await clients.publicClient.waitForTransactionReceipt({ hash })).status).toBe('success')
    expect((await balance()) - before).toBe(demo.allocations[3]!.amount)
    expect(await clients.publicClient.readContract({ address: demo.distributor, abi: arborDistributorAbi, functionName: 'isClaimed', args: [3n] })).toBe(true)
  })

  it('serves the dump and the chunks over HTTP: GET /api/campaigns/:id/export[?chunk=ab]', async () => {
    const get = (query = '') => route.GET(new Request(`http://arbor.test/api/campaigns/${campaignId}/export${query}`), { params: Promise.resolve({ id: campaignId }) })
    const response = await get()
    expect(response.status).toBe(200)
    const bytes = Buffer.from(await response.arrayBuffer())
    expect(keccak256(bytes)).toBe(response.headers.get('x-arbor-content-hash'))
    expect(StandardMerkleTree.load(JSON.parse(bytes.toString('utf8')) as never).root).toBe(demo.merkleRoot)
    const name = recipient.address.slice(2, 4).toUpperCase()
    const chunk = (await (await get(`?chunk=${name}`)).json()) as Record<string, { index: number; proof: Hex[] }>
    expect(chunk[recipient.address]?.index).toBe(3)
    const bad = await get('?chunk=zz')
    expect(bad.status).toBe(422)
    expect(((await bad.json()) as { error: { details: { field: string } } }).error.details.field).toBe('chunk')
    expect((await route.GET(new Request('http://arbor.test/x'), { params: Promise.resolve({ id: '00000000-0000-4000-8000-000000000000' }) })).status).toBe(404)
  })

  // the CLI is another process: it needs a Postgres server, not this process's PGlite
  it.skipIf(!env.TEST_DATABASE_URL)('npx arbor campaign export --campaign <id> --out <dir> writes dump.json, proofs/ and manifest.json', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'arbor-export-'))
    try {
      const run = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        execFile(
          process.execPath,
          [path.resolve('scripts/arbor.js'), 'campaign', 'export', '--campaign', campaignId, '--out', out],
          { env: childProcessEnv({ DATABASE_URL: database.url }), encoding: 'utf8' },
          (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
        )
      })
      expect(run.stderr).toContain(`exported ${demo.allocations.length} recipients`)
      expect(run.code).toBe(0)
      const summary = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { contentHash: Hex; root: Hex }
      const dump = readFileSync(path.join(out, 'dump.json'))
      expect(keccak256(dump)).toBe(summary.contentHash)
      expect(StandardMerkleTree.load(JSON.parse(dump.toString('utf8')) as never).root).toBe(demo.merkleRoot)
      const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as { proofs: string[]; recipients: number }
      expect(manifest.recipients).toBe(demo.allocations.length)
      expect(readdirSync(path.join(out, 'proofs')).sort()).toEqual(manifest.proofs.map((file) => path.basename(file)).sort())
    } finally {
      rmSync(out, { recursive: true, force: true })
    }
  })
})
