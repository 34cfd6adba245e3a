/**
 * The gasless-claim relayer end to end: claims signed and accepted by the real intake engine
 * (Postgres or PGlite), settled by `relayClaims` with `claimMany` on a real anvil.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { keccak256, parseUnits, toHex, type Address, type Hex } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listRelayBatches } from '@/lib/airdrop/list-relay-batches'
import { relayClaims } from '@/lib/airdrop/relay-claims'
import { startAnvil, type StartAnvilReturnType } from '@/lib/chain/anvil'
import { createChainClients, type ChainClients } from '@/lib/chain/clients'
import { arborDistributorAbi, arborDistributorFactoryAbi, arborDistributorFactoryBytecode, arborTokenAbi, arborTokenBytecode } from '@/lib/chain/contracts'
import { createDistributor } from '@/lib/chain/create-distributor'
import { deployContract } from '@/lib/chain/deploy-contract'
import { devAccounts } from '@/lib/chain/dev-accounts'
import { BaseError } from '@/lib/errors'
import { ALLOCATION_LEAF_ENCODING, createClaimMessageType } from '@/lib/intake/claim-message'
import { createClaimEligibility } from '@/lib/intake/create-claim-eligibility'
import { createIntakeEngine, type IntakeEngine, type SubmitOutcome } from '@/lib/intake/create-intake-engine'
import { createVerifierPool } from '@/lib/intake/verifier-pool'
import { buildTree, getProof, type MerkleTree } from '@/lib/merkle'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { createTestKeys, signClaim, type TestKey } from '../intake/support/fixtures'

const recipients = 60
let database: TestDatabase
let anvil: StartAnvilReturnType
let engine: IntakeEngine
let owner: ChainClients
let relayer: ChainClients
let keys: TestKey[]
let tree: MerkleTree
let campaign: { id: string; chainId: number; distributor: string }
let token: Address
const amountOf = (index: number) => parseUnits(String(10 + index), 18)
const allocationOf = (index: number) => ({ index, key: keys[index]!, amount: amountOf(index) })
const now = () => Math.floor(Date.now() / 1000)

const ok = (outcome: SubmitOutcome | undefined) => {
  if (!outcome || outcome instanceof BaseError) throw new Error(`expected success, got ${outcome instanceof Error ? outcome.message : outcome}`)
  return outcome
}
const balanceOf = (account: string) =>
  owner.publicClient.readContract({ address: token, abi: arborTokenAbi, functionName: 'balanceOf', args: [account as Address] })
const isClaimed = (index: number) =>
  owner.publicClient.readContract({ address: campaign.distributor as Address, abi: arborDistributorAbi, functionName: 'isClaimed', args: [BigInt(index)] })
const claimRows = async (indices: number[]) =>
  (
    await database.sql.query<{ index: number; status: string; kind: string; tx_hash: string | null }>(
      'SELECT index, status::text AS status, kind::text AS kind, tx_hash FROM claims WHERE campaign_id = $1 AND index = ANY($2::int4[]) ORDER BY index',
      [campaign.id, indices],
    )
  ).rows

async function submitClaims(indices: number[], options: { deadline?: number } = {}) {
  const signed = await Promise.all(indices.map((i) => signClaim(campaign, allocationOf(i), getProof(tree, i), options)))
  const outcomes = await engine.submit('claim', signed)
  outcomes.forEach(ok)
  return signed
}

beforeAll(async () => {
  ;[database, anvil, keys] = await Promise.all([createTestDatabase(), startAnvil(), createTestKeys(recipients)])
  owner = createChainClients({ rpcUrl: anvil.rpcUrl, chainId: anvil.chainId, account: devAccounts[0].privateKey })
  relayer = createChainClients({ rpcUrl: anvil.rpcUrl, chainId: anvil.chainId, account: devAccounts[9].privateKey })
  token = (
    await deployContract(owner, { abi: arborTokenAbi, bytecode: arborTokenBytecode, args: ['Arbor Test', 'ARBT', devAccounts[0].address, devAccounts[0].address, parseUnits('1000000', 18)] })
  ).address
  const factory = (await deployContract(owner, { abi: arborDistributorFactoryAbi, bytecode: arborDistributorFactoryBytecode })).address
  tree = buildTree({ values: keys.map((key, i) => [BigInt(i), key.address, amountOf(i)]), leafEncoding: ALLOCATION_LEAF_ENCODING })
  const start = (await owner.publicClient.getBlock()).timestamp
  const { distributor } = await createDistributor(owner, {
    factory,
    campaign: { token, merkleRoot: tree.root, startTime: start, endTime: start + 30n * 86_400n, owner: devAccounts[0].address, contentHash: keccak256(toHex('relay test dataset')) },
  })
  const fund = await owner.walletClient.writeContract({ address: token, abi: arborTokenAbi, functionName: 'transfer', args: [distributor, parseUnits('100000', 18)] })
  await owner.publicClient.waitForTransactionReceipt({ hash: fund })

  const { rows: [row] } = await database.sql.query<{ id: string }>(
    `INSERT INTO campaigns (name, chain_id, token_address, distributor_address, merkle_root, recipient_count, status, start_at, end_at)
     VALUES ('relay test', $1, $2, $3, $4, $5, 'active', to_timestamp($6), to_timestamp($7)) RETURNING id`,
    [anvil.chainId, token.toLowerCase(), distributor.toLowerCase(), tree.root, recipients, Number(start) - 60, Number(start) + 30 * 86_400],
  )
  await database.sql.query(
    `INSERT INTO allocations (campaign_id, index, account, amount) SELECT $1, i, a, m FROM unnest($2::int4[], $3::text[], $4::numeric[]) AS t(i, a, m)`,
    [row!.id, keys.map((_, i) => i), keys.map((k) => k.address), keys.map((_, i) => amountOf(i).toString())],
  )
  campaign = { id: row!.id, chainId: anvil.chainId, distributor: distributor.toLowerCase() }
  engine = createIntakeEngine({
    sql: database.sql,
    types: [createClaimMessageType(createClaimEligibility({ sql: database.sql, client: owner.publicClient, campaignTtlMs: 0 }))],
    flushMs: 5,
    pool: createVerifierPool({ size: 1 }),
  })
}, 120_000)

afterAll(async () => {
  await engine?.close()
  await database?.drop()
  await anvil?.stop()
})

describe('relayClaims', () => {
  it('settles pending gasless claims with one claimMany: tokens arrive on chain, claims are confirmed, the batch is recorded', async () => {
    const indices = [0, 1, 2, 3, 4, 5, 6, 7]
    await submitClaims(indices)
    const before = await Promise.all(indices.map((i) => balanceOf(keys[i]!.address)))
    expect(before.every((b) => b === 0n)).toBe(true)

    const result = await relayClaims(database.sql, relayer)
    expect(result.errors).toEqual([])
    expect(result.batches).toHaveLength(1)
    const [batch] = result.batches
    expect(batch).toMatchObject({ status: 'confirmed', claimCount: 8, paid: 8, alreadyClaimed: 0, released: 0 })
    for (const i of indices) {
      expect(await balanceOf(keys[i]!.address)).toBe(amountOf(i))
      expect(await isClaimed(i)).toBe(true)
    }
    expect((await claimRows(indices)).map((r) => [r.status, r.tx_hash])).toEqual(indices.map(() => ['confirmed', batch!.txHash]))

    const listed = await listRelayBatches(database.db, { campaignId: campaign.id })
    expect(listed[0]).toMatchObject({ id: batch!.id, txHash: batch!.txHash, status: 'confirmed', claimCount: 8, paidCount: 8 })
    expect(listed[0]!.gasUsed).toBe(batch!.gasUsed)
    expect(listed[0]!.confirmedAt).toBeInstanceOf(Date)
    // nothing left: a second run sends nothing
    expect((await relayClaims(database.sql, relayer)).batches).toEqual([])
  })

  it('a claim already made directly on chain is marked confirmed (kind direct) and the rest of its batch is paid', async () => {
    const indices = [10, 11, 12, 13, 14]
    await submitClaims(indices)
    // account 12's allocation is claimed directly (anyone may submit claim) before the relayer runs
    const direct = await owner.walletClient.writeContract({
      address: campaign.distributor as Address,
      abi: arborDistributorAbi,
      functionName: 'claim',
      args: [12n, keys[12]!.address as Address, amountOf(12), getProof(tree, 12) as Hex[]],
    })
    await owner.publicClient.waitForTransactionReceipt({ hash: direct })

    const result = await relayClaims(database.sql, relayer)
    expect(result.errors).toEqual([])
    expect(result.batches).toMatchObject([{ status: 'confirmed', claimCount: 5, paid: 4, alreadyClaimed: 1, released: 0 }])
    const rows = await claimRows(indices)
    expect(rows.find((r) => r.index === 12)).toMatchObject({ status: 'confirmed', kind: 'direct', tx_hash: null })
    expect(rows.filter((r) => r.index !== 12).every((r) => r.status === 'confirmed' && r.kind === 'gasless')).toBe(true)
    for (const i of indices) expect(await balanceOf(keys[i]!.address)).toBe(amountOf(i))
  })

  it('splits a large batch so every transaction fits the gas cap', async () => {
    const indices = Array.from({ length: 16 }, (_, k) => 20 + k)
    await submitClaims(indices)
    const gasCap = 400_000n
    const result = await relayClaims(database.sql, relayer, { gasCap, maxBatchSize: 16 })
    expect(result.errors).toEqual([])
    expect(result.batches.length).toBeGreaterThan(1)
    expect(result.batches.reduce((sum, b) => sum + b.claimCount, 0)).toBe(16)
    for (const batch of result.batches) {
      expect(batch.status).toBe('confirmed')
      expect(batch.gasUsed!).toBeLessThanOrEqual(gasCap)
      const tx = await owner.publicClient.getTransaction({ hash: batch.txHash })
      expect(tx.gas).toBeLessThanOrEqual(gasCap)
    }
    // one transaction for all sixteen would not have fitted
    expect(result.batches.reduce((sum, b) => sum + b.gasUsed!, 0n)).toBeGreaterThan(gasCap)
    for (const i of indices) expect(await balanceOf(keys[i]!.address)).toBe(amountOf(i))
  })

  it('an RPC failure after the transaction was sent leads to exactly one transaction', async () => {
    const indices = [40, 41, 42]
    await submitClaims(indices)
    // a proxy in front of anvil that forwards the first eth_sendRawTransaction, then drops its answer
    let sends = 0
    const proxy = http.createServer((request, response) => {
      const chunks: Buffer[] = []
      request.on('data', (chunk: Buffer) => chunks.push(chunk))
      request.on('end', async () => {
        const body = Buffer.concat(chunks)
        const method = (JSON.parse(body.toString()) as { method?: string }).method
        const upstream = await fetch(anvil.rpcUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
        const text = await upstream.text()
        if (method === 'eth_sendRawTransaction' && ++sends === 1) {
          request.socket.destroy()
          return
        }
        response.writeHead(upstream.status, { 'content-type': 'application/json' }).end(text)
      })
    })
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve))
    try {
      const through = createChainClients({ rpcUrl: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`, chainId: anvil.chainId, account: devAccounts[9].privateKey })
      const nonceBefore = await owner.publicClient.getTransactionCount({ address: devAccounts[9].address })
      const result = await relayClaims(database.sql, through, { retryDelayMs: 50 })
      expect(result.errors).toEqual([])
      expect(result.batches).toMatchObject([{ status: 'confirmed', claimCount: 3, paid: 3 }])
      expect(sends).toBe(1)
      expect(await owner.publicClient.getTransactionCount({ address: devAccounts[9].address })).toBe(nonceBefore + 1)
      for (const i of indices) expect(await balanceOf(keys[i]!.address)).toBe(amountOf(i))
    } finally {
      await new Promise((resolve) => proxy.close(resolve))
    }
  })

  it('a batch left unsettled when the node went away is settled by the next run from its stored hash, without sending again', async () => {
    const indices = [44, 45]
    await submitClaims(indices)
    // the node takes the transaction, then answers nothing but 503
    let sends = 0
    const proxy = http.createServer((request, response) => {
      const chunks: Buffer[] = []
      request.on('data', (chunk: Buffer) => chunks.push(chunk))
      request.on('end', async () => {
        const body = Buffer.concat(chunks)
        if (sends > 0) return void response.writeHead(503).end()
        const upstream = await fetch(anvil.rpcUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
        const text = await upstream.text()
        if ((JSON.parse(body.toString()) as { method?: string }).method === 'eth_sendRawTransaction') sends++
        response.writeHead(upstream.status, { 'content-type': 'application/json' }).end(sends > 0 ? '' : text)
      })
    })
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve))
    const nonceBefore = await owner.publicClient.getTransactionCount({ address: devAccounts[9].address })
    try {
      const through = createChainClients({ rpcUrl: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`, chainId: anvil.chainId, account: devAccounts[9].privateKey })
      const broken = await relayClaims(database.sql, through, { attempts: 2, retryDelayMs: 20 })
      expect(broken.batches).toMatchObject([{ status: 'submitted', claimCount: 2 }])
      expect(broken.errors).toHaveLength(1)
      expect((await claimRows(indices)).map((r) => r.status)).toEqual(['submitted', 'submitted'])
    } finally {
      await new Promise((resolve) => proxy.close(resolve))
    }
    const resumed = await relayClaims(database.sql, relayer)
    expect(resumed.errors).toEqual([])
    expect(resumed.batches).toMatchObject([{ status: 'confirmed', claimCount: 2, paid: 2 }])
    expect(sends).toBe(1)
    expect(await owner.publicClient.getTransactionCount({ address: devAccounts[9].address })).toBe(nonceBefore + 1)
    expect((await claimRows(indices)).map((r) => r.status)).toEqual(['confirmed', 'confirmed'])
    for (const i of indices) expect(await balanceOf(keys[i]!.address)).toBe(amountOf(i))
  })

  it('a claim that fails on chain (here: its deadline passed) releases its index, so the account can sign that index again', async () => {
    const expiring = 50
    await submitClaims([expiring, 51], { deadline: now() + 60 })
    // a different signature of the same index is refused while the first holds it (first-wins)
    const again = await signClaim(campaign, allocationOf(expiring), getProof(tree, expiring), { deadline: now() + 7_200 })
    const [refused] = await engine.submit('claim', [again])
    expect(refused).toBeInstanceOf(BaseError)
    expect((refused as BaseError).code).toBe('conflict')

    await owner.publicClient.request({ method: 'evm_increaseTime', params: [toHex(120)] } as never)
    await owner.publicClient.request({ method: 'evm_mine' } as never)
    // 51 was signed with the same short deadline: both are skipped on chain and released
    const result = await relayClaims(database.sql, relayer)
    expect(result.errors).toEqual([])
    expect(result.batches).toMatchObject([{ status: 'confirmed', claimCount: 2, paid: 0, alreadyClaimed: 0, released: 2 }])
    expect(await claimRows([expiring, 51])).toEqual([])
    expect(await isClaimed(expiring)).toBe(false)
    const [listed] = await listRelayBatches(database.db, { campaignId: campaign.id })
    expect(listed).toMatchObject({ releasedCount: 2, paidCount: 0 })

    // the account signs again: accepted now, and the relayer pays it
    expect(ok((await engine.submit('claim', [again]))[0]).status).toBe('accepted')
    const second = await relayClaims(database.sql, relayer)
    expect(second.batches).toMatchObject([{ status: 'confirmed', paid: 1 }])
    expect(await balanceOf(keys[expiring]!.address)).toBe(amountOf(expiring))
  })
})
