/**
 * What the intake stores for a claim is exactly what `claimWithSig` accepts: claims the contract
 * can never execute are refused before they take their index, signatures are stored in the form
 * the contract verifies, and deadlines up to uint256 are stored without overflow. Checked against
 * a real, funded distributor on anvil.
 */
import { getAddress, type Hex } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAnvil, type StartAnvilReturnType } from '@/lib/chain/anvil'
import { createChainClients } from '@/lib/chain/clients'
import { arborDistributorAbi } from '@/lib/chain/contracts'
import { deployDemoCampaign, type DeployDemoCampaignReturnType } from '@/lib/chain/deploy-demo-campaign'
import { deployDemoContracts } from '@/lib/chain/deploy-demo'
import { devAccounts } from '@/lib/chain/dev-accounts'
import { buildTree } from '@/lib/merkle/build-tree'
import { getProof } from '@/lib/merkle/get-proof'
import { BaseError } from '@/lib/errors'
import { ALLOCATION_LEAF_ENCODING, createClaimMessageType } from '@/lib/intake/claim-message'
import { createClaimEligibility } from '@/lib/intake/create-claim-eligibility'
import { createIntakeEngine, type IntakeEngine, type SubmitOutcome } from '@/lib/intake/create-intake-engine'
import { getReceipt } from '@/lib/intake/get-receipt'
import { createVerifierPool } from '@/lib/intake/verifier-pool'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { signClaim, type TestCampaign } from './support/fixtures'

let database: TestDatabase
let anvil: StartAnvilReturnType
let clients: ReturnType<typeof createChainClients<`0x${string}`>>
let engine: IntakeEngine
let deployed: DeployDemoCampaignReturnType
let campaign: TestCampaign

beforeAll(async () => {
  ;[database, anvil] = await Promise.all([createTestDatabase(), startAnvil()])
  clients = createChainClients({ rpcUrl: anvil.rpcUrl, chainId: anvil.chainId, account: devAccounts[0].privateKey })
  const demo = await deployDemoContracts(clients, { holder: devAccounts[0].address })
  deployed = await deployDemoCampaign(clients, { token: demo.token, funder: devAccounts[0].address, extraRecipients: [] })
  const tree = buildTree({ values: deployed.allocations.map((a) => [BigInt(a.index), a.account.toLowerCase(), a.amount]), leafEncoding: ALLOCATION_LEAF_ENCODING })
  expect(tree.root).toBe(deployed.merkleRoot)
  const { rows: [row] } = await database.sql.query<{ id: string }>(
    `INSERT INTO campaigns (name, chain_id, token_address, distributor_address, merkle_root, recipient_count, status, start_at, end_at)
     VALUES ('relayable', $1, $2, $3, $4, $5, 'active', to_timestamp($6), to_timestamp($7)) RETURNING id`,
    [anvil.chainId, demo.token.toLowerCase(), deployed.distributor.toLowerCase(), tree.root, deployed.allocations.length, Number(deployed.startTime), Number(deployed.endTime)],
  )
  campaign = {
    id: row!.id,
    chainId: anvil.chainId,
    distributor: deployed.distributor.toLowerCase(),
    root: tree.root,
    allocations: deployed.allocations.map((a) => ({ index: a.index, amount: a.amount, key: { privateKey: devAccounts[a.index]!.privateKey, address: a.account.toLowerCase() } })),
    proofOf: (index) => getProof(tree, index),
  }
  engine = createIntakeEngine({
    sql: database.sql,
    types: [createClaimMessageType(createClaimEligibility({ sql: database.sql, client: clients.publicClient, campaignTtlMs: 0 }))],
    pool: createVerifierPool({ size: 1 }),
    flushMs: 5,
  })
})

afterAll(async () => {
  await engine?.close()
  await database?.drop()
  await anvil?.stop()
})

const outcomeOf = async (input: unknown): Promise<SubmitOutcome> => (await engine.submit('claim', [input]).catch((error: BaseError) => [error]))[0]!
const described = (outcome: SubmitOutcome) => (outcome instanceof BaseError ? `${outcome.code} ${outcome.details?.field}` : outcome.status)

/** eth_call of claimWithSig with what the intake stored: the signed values from the log, the claims row's signature. */
async function callStored(id: string) {
  const receipt = await getReceipt(database.sql, { id })
  const payload = receipt.message.payload as { index: string; account: string; amount: string; to: string; deadline: string }
  const { rows: [row] } = await database.sql.query<{ signature: string }>('SELECT signature FROM claims WHERE message_id = $1', [id])
  return clients.publicClient.simulateContract({
    address: deployed.distributor,
    abi: arborDistributorAbi,
    functionName: 'claimWithSig',
    args: [BigInt(payload.index), getAddress(payload.account), BigInt(payload.amount), getAddress(payload.to), BigInt(payload.deadline), campaign.proofOf(Number(payload.index)) as Hex[], row!.signature as Hex],
    account: devAccounts[9].address,
  })
}

describe('claims the contract can never execute', () => {
  it('a zero `to` is 422 naming message.to and does not take the index: the valid claim of that index is then accepted', async () => {
    const allocation = campaign.allocations[1]!
    const zero = await signClaim(campaign, allocation, campaign.proofOf(1), { to: `0x${'0'.repeat(40)}` })
    expect(described(await outcomeOf(zero))).toBe('validation message.to')
    const valid = await signClaim(campaign, allocation, campaign.proofOf(1))
    expect(described(await outcomeOf(valid))).toBe('accepted')
  })

  it('a passed deadline is 410; a campaign not yet open is 409 and an ended one 410, from its start and end', async () => {
    const late = await signClaim(campaign, campaign.allocations[2]!, campaign.proofOf(2), { deadline: Math.floor(Date.now() / 1000) - 10 })
    expect(described(await outcomeOf(late))).toBe('gone message.deadline')
    await database.sql.query(`UPDATE campaigns SET start_at = now() + interval '1 hour' WHERE id = $1`, [campaign.id])
    const early = await signClaim(campaign, campaign.allocations[2]!, campaign.proofOf(2))
    expect(described(await outcomeOf(early))).toBe('conflict domain.verifyingContract')
    await database.sql.query(`UPDATE campaigns SET start_at = now() - interval '2 hours', end_at = now() - interval '1 second' WHERE id = $1`, [campaign.id])
    expect(described(await outcomeOf(early))).toBe('gone domain.verifyingContract')
    await database.sql.query('UPDATE campaigns SET start_at = to_timestamp($2), end_at = to_timestamp($3) WHERE id = $1', [campaign.id, Number(deployed.startTime), Number(deployed.endTime)])
    expect(described(await outcomeOf(early))).toBe('accepted')
  })

  it('a claim signed with v = 0/1 is stored as 27/28: an eth_call of claimWithSig with the stored values succeeds, and the 27/28 form gets the same receipt', async () => {
    const allocation = campaign.allocations[3]!
    const signed = await signClaim(campaign, allocation, campaign.proofOf(3))
    const v = Number.parseInt(signed.signature.slice(130), 16)
    const lowV = { ...signed, signature: `${signed.signature.slice(0, 130)}0${v - 27}` }
    const stored = await outcomeOf(lowV)
    expect(described(stored)).toBe('accepted')
    const { rows } = await database.sql.query<{ signature: string }>('SELECT signature FROM claims WHERE message_id = $1', [signed.id])
    expect(rows[0]!.signature).toBe(signed.signature.toLowerCase())
    await expect(callStored(signed.id)).resolves.toBeDefined()
    expect(await outcomeOf(signed)).toEqual(stored)
  })

  it('deadlines of 2^63, 2^64 - 1 and 2^256 - 1 are accepted, stored without overflow and relayable', async () => {
    for (const [i, deadline] of [2n ** 63n, 2n ** 64n - 1n, 2n ** 256n - 1n].entries()) {
      const allocation = campaign.allocations[4 + i]!
      const claim = await signClaim(campaign, allocation, campaign.proofOf(allocation.index), { deadline: deadline as unknown as number })
      expect(claim.message.deadline).toBe(deadline.toString())
      expect(described(await outcomeOf(claim))).toBe('accepted')
      const receipt = await getReceipt(database.sql, { id: claim.id })
      expect((receipt.message.payload as { deadline: string }).deadline).toBe(deadline.toString())
      await expect(callStored(claim.id)).resolves.toBeDefined()
    }
  })

  it('a chain id beyond any campaign column is 404 naming domain.chainId, not a 500', async () => {
    const claim = await signClaim(campaign, campaign.allocations[7]!, campaign.proofOf(7))
    expect(described(await outcomeOf({ ...claim, domain: { ...claim.domain, chainId: 2 ** 40 } }))).toBe('not_found domain.chainId')
  })
})
