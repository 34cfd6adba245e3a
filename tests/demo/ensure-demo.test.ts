import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAnvil, type StartAnvilReturnType } from '@/lib/chain/anvil'
import { createChainClients } from '@/lib/chain/clients'
import { readTokenInfo } from '@/lib/chain/read-token'
import { arborDistributorAbi, arborExecutorAbi, arborSettlementAbi, arborTimelockAbi, arborTokenAbi } from '@/lib/chain/contracts'
import { TIMELOCK_ROLES } from '@/lib/chain/deploy-dao-executor'
import { devAccounts } from '@/lib/chain/dev-accounts'
import { queryCampaignReview } from '@/lib/airdrop/get-campaign-review'
import { demoTreasury, ensureDemo } from '@/lib/demo/ensure-demo'
import { demoProposals, demoSpace } from '@/lib/demo/content'
import { demoGovernanceProposals } from '@/lib/demo/seed-governance'
import { demoSettlementProposals } from '@/lib/demo/seed-settlement'
import { getVoteReceipt } from '@/lib/governance/settlement/get-vote-receipt'
import { verifyVoteReceipt } from '@/lib/governance/settlement/verify-vote-receipt'
import { onChainProposalId } from '@/lib/governance/settlement/vote-leaf'
import { listSpaces } from '@/lib/governance/list-spaces'
import { loggedVotes } from '@/lib/intake/vote-message'
import { createTestDatabase, type TestDatabase } from '../support/database'

const settlementTitles = [demoSettlementProposals.settled.title, demoSettlementProposals.passed.title]
const proposalCount = demoProposals.length + demoGovernanceProposals.length + settlementTitles.length

describe('the demo seed', () => {
  let database: TestDatabase
  let anvil: StartAnvilReturnType

  beforeAll(async () => {
    ;[database, anvil] = await Promise.all([createTestDatabase(), startAnvil({ port: 0 })])
  })
  afterAll(async () => {
    await anvil?.stop()
    await database?.drop()
  })

  const clientsFor = (rpcUrl: string) =>
    createChainClients({ rpcUrl, chainId: 31337, account: devAccounts[0].privateKey })

  it('deploys the token and writes the space with its proposals, once', async () => {
    const clients = clientsFor(anvil.rpcUrl)
    const first = await ensureDemo(database.db, clients, { sql: database.sql, rpcUrl: anvil.rpcUrl, log: () => {} })
    expect(first).toMatchObject({ created: true, analyzed: proposalCount })

    const [space] = await listSpaces(database.db)
    expect(space?.slug).toBe(demoSpace.slug)
    expect(space?.tokenAddress.toLowerCase()).toBe(first.token.toLowerCase())
    expect(space?.proposals.map((p) => p.title)).toEqual([...[...demoProposals, ...demoGovernanceProposals].map((p) => p.title), ...settlementTitles])
    const token = await readTokenInfo(clients.publicClient, first.token)
    expect(token.symbol).toBe('ARB')

    const second = await ensureDemo(database.db, clients, { sql: database.sql })
    expect(second).toEqual({ created: false, token: first.token, settlement: first.settlement, treasury: first.treasury, analyzed: 0 })
    const registry = await clients.publicClient.getCode({ address: first.settlement })
    expect(registry?.length).toBeGreaterThan(2)
    expect(await database.db.proposal.count()).toBe(proposalCount)
  })

  it('gives the demo space a treasury: a funded timelock with a guardian, run by an executor bound to the settlement', async () => {
    const clients = clientsFor(anvil.rpcUrl)
    const space = await database.db.space.findFirstOrThrow({ where: { slug: demoSpace.slug } })
    const { executor, timelock, guardian } = (await ensureDemo(database.db, clients, { sql: database.sql })).treasury
    expect(space).toMatchObject({ executorAddress: executor.toLowerCase(), timelockAddress: timelock.toLowerCase(), guardianAddress: devAccounts[9].address.toLowerCase() })
    expect(guardian).toBe(devAccounts[9].address)
    const deployments = await database.db.deployment.findMany({ where: { name: { in: ['ArborTimelock', 'ArborExecutor', 'ArborSettlement'] } }, orderBy: { name: 'asc' } })
    expect(deployments.map((d) => [d.name, d.address])).toEqual([
      ['ArborExecutor', executor.toLowerCase()],
      ['ArborSettlement', deployments[1]!.address],
      ['ArborTimelock', timelock.toLowerCase()],
    ])
    const read = <T,>(address: `0x${string}`, abi: readonly unknown[], functionName: string, args: readonly unknown[] = []) =>
      clients.publicClient.readContract({ address, abi, functionName, args } as never) as Promise<T>
    expect(await read<bigint>(space.tokenAddress as `0x${string}`, arborTokenAbi, 'balanceOf', [timelock])).toBe(demoTreasury.funds)
    expect(await read<bigint>(timelock, arborTimelockAbi, 'getMinDelay')).toBe(3600n)
    expect(await read<boolean>(timelock, arborTimelockAbi, 'hasRole', [TIMELOCK_ROLES.canceller, guardian])).toBe(true)
    expect((await read<string>(executor, arborExecutorAbi, 'settlement')).toLowerCase()).toBe(deployments[1]!.address)
  })

  it('has the analyst flag the disguised treasury drain and not the grant', async () => {
    const analyses = await database.db.analysis.findMany({ where: { proposal: { number: { in: [1, 2] } } }, include: { proposal: true }, orderBy: { proposal: { number: 'asc' } } })
    expect(analyses.every((analysis) => analysis.contentHash?.startsWith('0x') && analysis.analystVersion)).toBe(true)
    expect(analyses.map((analysis) => analysis.proposal.number)).toEqual([1, 2])
    const [grant, drain] = analyses
    expect(drain!.level).toBe('critical')
    expect(['low', 'medium']).toContain(grant!.level)
    expect(drain!.riskScore).toBeGreaterThan(grant!.riskScore)
    expect(drain!.provider).toBe('offline')
    // Both were simulated on a fork of the chain: they execute, and the drain's loss is measured.
    const messages = (analysis: (typeof analyses)[number]) =>
      (analysis.findings as { rule: string; message: string }[]).map((finding) => `${finding.rule}: ${finding.message}`)
    // The executor holds 950,300 ARB after funding the demo airdrops (1,000,000 minted).
    expect(messages(drain!)).toContain('simulation: On the fork, the executor loses 900,000 ARB: 94.7% of its balance.')
    expect([...messages(grant!), ...messages(drain!)].filter((message) => message.includes('reverts'))).toEqual([])
  })

  it('gives anvil accounts #1-#5 different delegated power and seeds a proposal of each type, one ended with its votes', async () => {
    const proposals = await database.db.proposal.findMany({ where: { title: { in: demoGovernanceProposals.map((p) => p.title) } }, orderBy: { number: 'asc' } })
    expect(new Set(proposals.map((p) => p.votingType))).toEqual(new Set(['ranked_choice', 'weighted', 'quadratic', 'approval', 'single_choice']))
    const clients = clientsFor(anvil.rpcUrl)
    const token = (await database.db.space.findFirstOrThrow()).tokenAddress as `0x${string}`
    const powers = await Promise.all(
      [1, 2, 3, 4, 5, 6].map((i) => clients.publicClient.readContract({ address: token, abi: arborTokenAbi, functionName: 'getPastVotes', args: [devAccounts[i]!.address, proposals[0]!.snapshotBlock] })),
    )
    expect(powers.map((p) => p / 10n ** 18n)).toEqual([50000n, 25000n, 10000n, 4000n, 2500n, 0n])
    const ended = proposals.find((p) => p.title === demoGovernanceProposals[4].title)!
    expect(await database.db.vote.count({ where: { proposalId: ended.id } })).toBe(4)
    // Settled too: its four votes under the root on chain.
    expect(ended.state).toBe('settled')
    const settlement = (await database.db.deployment.findFirstOrThrow({ where: { name: 'ArborSettlement' } })).address as `0x${string}`
    const result = await clients.publicClient.readContract({ address: settlement, abi: arborSettlementAbi, functionName: 'proposalResult', args: [onChainProposalId(ended.id)] })
    expect(result).toMatchObject({ voteCount: 4n, outcome: 0 })
    const vote = await database.db.vote.findFirstOrThrow({ where: { proposalId: ended.id } })
    const receipt = await getVoteReceipt(database.sql, { voteId: vote.messageId })
    expect((await verifyVoteReceipt(receipt as never, { client: clients.publicClient as never })).outcome).toBe('verified')
  })

  it('settles a proposal whose votes came through the intake: its result is on chain and its receipts verify against it', async () => {
    const clients = clientsFor(anvil.rpcUrl)
    const proposal = await database.db.proposal.findFirstOrThrow({ where: { title: demoSettlementProposals.settled.title }, include: { result: true } })
    expect(proposal.state).toBe('settled')
    const settlement = (await database.db.deployment.findFirstOrThrow({ where: { name: 'ArborSettlement' } })).address as `0x${string}`
    const onChain = await clients.publicClient.readContract({ address: settlement, abi: arborSettlementAbi, functionName: 'proposalResult', args: [onChainProposalId(proposal.id)] })
    // #1-#4 voted; #2 twice, and only its second vote counts.
    expect(onChain).toMatchObject({ voteCount: 4n, votesRoot: proposal.result!.votesRoot, outcome: 0 })
    expect(proposal.result).toMatchObject({ status: 'confirmed', outcome: 'none' })

    const votes = await database.db.vote.findMany({ where: { proposalId: proposal.id }, orderBy: { votingPower: 'desc' } })
    expect(votes.map((v) => v.voter)).toEqual([1, 2, 3, 4].map((i) => devAccounts[i]!.address.toLowerCase()))
    expect(votes[1]).toMatchObject({ choice: 1, reason: demoSettlementProposals.settled.votes[4]!.reason })
    const counted = await getVoteReceipt(database.sql, { voteId: votes[1]!.messageId })
    expect(counted).toMatchObject({ status: 'counted', votesRoot: onChain.votesRoot, settlement: { status: 'confirmed' } })
    // It came through the intake engine: a signed message in a batch of the vote log, under a checkpoint posted on-chain.
    expect(counted.intake?.batch.id).toBeGreaterThan(0)
    expect(counted.intake?.checkpoint).toMatchObject({ seq: 1, status: 'confirmed' })
    const verified = await verifyVoteReceipt(counted as never, { client: clients.publicClient as never })
    expect(verified).toMatchObject({ outcome: 'verified', verified: true, rootRead: onChain.votesRoot })

    // #1-#4's first votes went in as one submission: one intake batch of four, each with its batch proof.
    const first = await getVoteReceipt(database.sql, { voteId: votes[0]!.messageId })
    expect(first.intake).toMatchObject({ batch: { count: 4 }, checkpoint: { seq: 1 } })
    expect(first.intake?.proof).toHaveLength(2)
    expect((await verifyVoteReceipt(first as never, { client: clients.publicClient as never })).outcome).toBe('verified')

    const logged = await database.sql.query<{ id: string }>(
      `SELECT '0x' || encode(message_id, 'hex') AS id FROM ${loggedVotes('vote_log l WHERE l.proposal_id = $1')} AS v WHERE voter = decode($2, 'hex') ORDER BY ts`,
      [proposal.id, devAccounts[2].address.slice(2).toLowerCase()],
    )
    expect(logged.rows).toHaveLength(2)
    const superseded = await getVoteReceipt(database.sql, { voteId: logged.rows[0]!.id })
    expect(superseded).toMatchObject({ status: 'superseded', supersededBy: votes[1]!.messageId })
    expect((await verifyVoteReceipt(superseded as never, { client: clients.publicClient as never })).outcome).toBe('superseded')
  })

  it('settles the treasury proposal as passed and queues its transfer on the timelock, where it waits out the veto window', async () => {
    const clients = clientsFor(anvil.rpcUrl)
    const proposal = await database.db.proposal.findFirstOrThrow({ where: { title: demoSettlementProposals.passed.title }, include: { result: true, space: true } })
    expect(proposal).toMatchObject({ state: 'settled', result: { status: 'confirmed', outcome: 'passed' } })
    const actions = proposal.actions as { target: `0x${string}`; value: string; calldata: `0x${string}` }[]
    expect(actions).toHaveLength(1)
    const executor = proposal.space.executorAddress as `0x${string}`
    const args = [onChainProposalId(proposal.id), actions.map((a) => a.target), actions.map((a) => BigInt(a.value)), actions.map((a) => a.calldata)] as const
    // ExecutionState.Waiting: queued, the veto window running.
    expect(await clients.publicClient.readContract({ address: executor, abi: arborExecutorAbi, functionName: 'state', args })).toBe(1)
    const operation = await clients.publicClient.readContract({ address: executor, abi: arborExecutorAbi, functionName: 'queuedOperation', args: [args[0]] })
    const timelock = proposal.space.timelockAddress as `0x${string}`
    expect(await clients.publicClient.readContract({ address: timelock, abi: arborTimelockAbi, functionName: 'isOperationPending', args: [operation] })).toBe(true)
    expect(await clients.publicClient.readContract({ address: timelock, abi: arborTimelockAbi, functionName: 'isOperationReady', args: [operation] })).toBe(false)

    // The analyst simulated it as the timelock runs it, with the timelock's delay declared.
    const analysis = await database.db.analysis.findFirstOrThrow({ where: { proposalId: proposal.id } })
    const messages = (analysis.findings as { message: string }[]).map((finding) => finding.message)
    expect(messages).toContain('On the fork, the executor loses 25,000 ARB: 12.5% of its balance.')
    expect(messages.filter((message) => /timelock/i.test(message))).toEqual([])

    // A re-run changes nothing: no transaction, no row.
    const block = await clients.publicClient.getBlockNumber({ cacheTime: 0 })
    const logged = await database.db.voteLog.count()
    await ensureDemo(database.db, clients, { sql: database.sql, log: () => {} })
    expect(await clients.publicClient.getBlockNumber({ cacheTime: 0 })).toBe(block)
    expect(await database.db.voteLog.count()).toBe(logged)
  })

  it('gives a demo seeded before settlement existed its settled and queued proposals on its next start', async () => {
    const clients = clientsFor(anvil.rpcUrl)
    await database.db.proposal.deleteMany({ where: { title: { in: settlementTitles } } })
    expect(await database.db.proposal.count()).toBe(proposalCount - 2)
    expect((await ensureDemo(database.db, clients, { sql: database.sql, log: () => {} })).created).toBe(false)
    const proposals = await database.db.proposal.findMany({ where: { title: { in: settlementTitles } }, include: { result: true }, orderBy: { number: 'asc' } })
    expect(proposals.map((p) => [p.title, p.state, p.result?.outcome])).toEqual([
      [settlementTitles[0], 'settled', 'none'],
      [settlementTitles[1], 'settled', 'passed'],
    ])
  })

  it('analyzes a proposal again only when its content changed', async () => {
    const clients = clientsFor(anvil.rpcUrl)
    const grant = await database.db.proposal.findFirstOrThrow({ where: { number: 1 } })
    await database.db.proposal.update({ where: { id: grant.id }, data: { body: `${grant.body}\n\nAmended: vesting over 12 months.` } })
    expect((await ensureDemo(database.db, clients, { sql: database.sql, log: () => {} })).analyzed).toBe(1)
    expect((await ensureDemo(database.db, clients, { sql: database.sql, log: () => {} })).analyzed).toBe(0)
    const hashes = await database.db.analysis.findMany({ where: { proposalId: grant.id }, select: { contentHash: true } })
    expect(new Set(hashes.map((row) => row.contentHash)).size).toBe(2)
  })

  it('stores the demo airdrop: a funded distributor whose root is on chain, and its allocations', async () => {
    const campaign = await database.db.campaign.findFirstOrThrow({ include: { allocations: { orderBy: { index: 'asc' } } } })
    expect(campaign.status).toBe('active')
    expect(campaign.allocations).toHaveLength(campaign.recipientCount)
    const accounts = campaign.allocations.map((allocation) => allocation.account)
    for (const { address } of devAccounts) expect(accounts).toContain(address.toLowerCase())
    const total = campaign.allocations.reduce((sum, allocation) => sum + BigInt(allocation.amount.toFixed()), 0n)
    expect(total.toString()).toBe(campaign.totalAmount.toFixed())

    const { publicClient } = clientsFor(anvil.rpcUrl)
    const distributor = campaign.distributorAddress as `0x${string}`
    const [root, balance] = await Promise.all([
      publicClient.readContract({ address: distributor, abi: arborDistributorAbi, functionName: 'merkleRoot' }),
      publicClient.readContract({
        address: campaign.tokenAddress as `0x${string}`,
        abi: arborTokenAbi,
        functionName: 'balanceOf',
        args: [distributor],
      }),
    ])
    expect(root).toBe(campaign.merkleRoot)
    expect(balance).toBe(total)
  })

  it('stores the review figures of both demo airdrops, equal to what the queries over their allocations give', async () => {
    const campaigns = await database.db.campaign.findMany({ where: { importStatus: 'ready' } })
    expect(campaigns.length).toBeGreaterThanOrEqual(2)
    for (const campaign of campaigns) {
      const queried = await queryCampaignReview(database.db, { campaignId: campaign.id })
      expect(queried.largest.length).toBeGreaterThan(0)
      expect(campaign.allocationReview).toEqual({ version: 1, ...queried })
    }
  })

  it('seeds again when the chain no longer has the token (a reset node)', async () => {
    const before = await database.db.space.findUniqueOrThrow({ where: { slug: demoSpace.slug } })
    const fresh = await startAnvil({ port: 0 })
    try {
      // A fresh chain at the same deployer nonce would reuse the address: burn a nonce first so it differs.
      const clients = clientsFor(fresh.rpcUrl)
      const hash = await clients.walletClient.sendTransaction({ to: devAccounts[1].address, value: 1n })
      await clients.publicClient.waitForTransactionReceipt({ hash })
      const again = await ensureDemo(database.db, clients, { sql: database.sql })
      expect(again.created).toBe(true)
      expect(again.token.toLowerCase()).not.toBe(before.tokenAddress)
      expect(await database.db.space.count()).toBe(1)
      // The live campaign and the ended one (for clawback), once each.
      expect(await database.db.campaign.count()).toBe(2)
      expect(await database.db.proposal.count()).toBe(proposalCount)
    } finally {
      await fresh.stop()
    }
  })
})
