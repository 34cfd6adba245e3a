import { encodeFunctionData, getAddress, parseUnits } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAnvil, type StartAnvilReturnType } from '@/lib/chain/anvil'
import { createChainClients, type ChainClients } from '@/lib/chain/clients'
import { arborTokenAbi } from '@/lib/chain/contracts'
import { deployDemoContracts } from '@/lib/chain/deploy-demo'
import { devAccounts } from '@/lib/chain/dev-accounts'
import { createProposal } from '@/lib/governance/create-proposal'
import { createProposalFromSignature } from '@/lib/governance/create-proposal-from-signature'
import { createSpace } from '@/lib/governance/create-space'
import { getSpaceOrThrow } from '@/lib/governance/get-space-or-throw'
import { getProposerStatus } from '@/lib/governance/get-proposer-status'
import { getVoterStatus } from '@/lib/governance/get-voter-status'
import { getProposalTypedData } from '@/lib/governance/proposal-typed-data'
import { formatResults, resultsCsv } from '@/lib/governance/results/format-results'
import { getProposalResults } from '@/lib/governance/results/get-proposal-results'
import { listProposalVotes } from '@/lib/governance/results/list-proposal-votes'
import { tally } from '@/lib/governance/tally'
import { createTestDatabase, type TestDatabase } from '../support/database'

const hour = 3600_000
const [admin, alice, bob, carol, dave, erin] = devAccounts

describe('spaces, proposals and their results', () => {
  let database: TestDatabase
  let anvil: StartAnvilReturnType
  let clients: ChainClients
  let token: `0x${string}`

  beforeAll(async () => {
    ;[database, anvil] = await Promise.all([createTestDatabase(), startAnvil({ port: 0 })])
    clients = createChainClients({ rpcUrl: anvil.rpcUrl, chainId: 31337, account: admin.privateKey })
    ;({ token } = await deployDemoContracts(clients, { holder: admin.address }))
    // erin holds tokens but never delegates: zero power, and the reason says so.
    const hash = await clients.walletClient.writeContract({ address: token, abi: arborTokenAbi, functionName: 'transfer', args: [erin.address, parseUnits('5', 18)], account: privateKeyToAccount(admin.privateKey), chain: clients.walletClient.chain })
    await clients.publicClient.waitForTransactionReceipt({ hash })
    await clients.publicClient.request({ method: 'evm_mine' } as never)
  }, 120_000)
  afterAll(async () => {
    await anvil?.stop()
    await database?.drop()
  })

  const space = (overrides: Record<string, unknown> = {}) => ({
    name: 'Test DAO',
    powerSource: 'token',
    tokenAddress: token,
    quorum: '15000',
    proposalThreshold: '5000',
    minVotingPeriod: 3600,
    maxVotingPeriod: 7 * 86400,
    proposers: 'members',
    votingTypes: ['basic', 'ranked-choice', 'quadratic'],
    ...overrides,
  })
  const window = () => ({ startAt: new Date(Date.now() - 60_000).toISOString(), endAt: new Date(Date.now() + 2 * hour).toISOString() })

  it('creates a space, storing quorum and threshold in base units, and refuses bad input naming the field', async () => {
    const created = await createSpace(database.db, clients.publicClient, { input: space() })
    expect(created.slug).toBe('test-dao')
    const stored = await getSpaceOrThrow(database.db, { slug: 'test-dao' })
    expect(stored.quorum).toBe(parseUnits('15000', 18))
    expect(stored.votingTypes).toEqual(['basic', 'ranked-choice', 'quadratic'])

    await expect(createSpace(database.db, clients.publicClient, { input: space() })).rejects.toMatchObject({ code: 'conflict' })
    await expect(createSpace(database.db, clients.publicClient, { input: space({ name: 'Bad\u0000name' }) })).rejects.toMatchObject({ code: 'validation', details: { field: 'name' } })
    await expect(createSpace(database.db, clients.publicClient, { input: space({ name: 'Other', minVotingPeriod: 7200, maxVotingPeriod: 3600 }) })).rejects.toMatchObject({ details: { field: 'maxVotingPeriod' } })
    await expect(createSpace(database.db, clients.publicClient, { input: space({ name: 'Other', tokenAddress: admin.address }) })).rejects.toMatchObject({ details: { field: 'tokenAddress' } })
  })

  it('creates a basic proposal whose signature-and-arguments action Arbor encodes, at the latest complete block, analyzed', async () => {
    const latest = await clients.publicClient.getBlockNumber()
    const created = await createProposal(database.db, clients.publicClient, {
      slug: 'test-dao',
      author: admin.address,
      input: {
        title: 'Pay the auditors',
        body: '## Why\nAudits.',
        votingType: 'basic',
        ...window(),
        discussionUrl: 'https://forum.example/t/1',
        actions: [{ target: token, value: '0', signature: 'transfer(address,uint256)', args: [bob.address, '1000000000000000000'] }],
      },
    })
    expect(created).toMatchObject({ number: 1, analyzed: true })
    const row = await database.db.proposal.findUniqueOrThrow({ where: { id: created.id }, include: { analyses: true } })
    expect(row.choices).toEqual(['For', 'Against', 'Abstain'])
    expect(row.snapshotBlock).toBe(latest - 1n)
    expect(row.discussionUrl).toBe('https://forum.example/t/1')
    expect(row.analyses).toHaveLength(1)
    expect(row.actions).toEqual([
      { target: getAddress(token), value: '0', signature: 'transfer(address,uint256)', calldata: encodeFunctionData({ abi: arborTokenAbi, functionName: 'transfer', args: [bob.address, 10n ** 18n] }) },
    ])
  })

  it('refuses values that cannot exist on-chain, NUL text, actions on non-basic types, and windows outside the space bounds, naming each field', async () => {
    const base = { title: 'T', votingType: 'basic', ...window() }
    const refuse = (input: Record<string, unknown>) => createProposal(database.db, clients.publicClient, { slug: 'test-dao', author: admin.address, input: { ...base, ...input } })
    await expect(refuse({ actions: [{ target: token, value: (2n ** 256n).toString(), calldata: '0x' }] })).rejects.toMatchObject({ code: 'validation', details: { field: 'actions.0.value' } })
    await expect(refuse({ actions: [{ target: token, value: '-1', calldata: '0x' }] })).rejects.toMatchObject({ details: { field: 'actions.0.value' } })
    await expect(refuse({ title: 'a\u0000b' })).rejects.toMatchObject({ details: { field: 'title' } })
    await expect(refuse({ body: 'a\u0000b' })).rejects.toMatchObject({ details: { field: 'body' } })
    await expect(refuse({ votingType: 'ranked-choice', choices: ['A', 'B\u0000'] })).rejects.toMatchObject({ details: { field: 'choices.1' } })
    await expect(refuse({ votingType: 'ranked-choice', choices: ['A', 'B'], actions: [{ target: token, calldata: '0x' }] })).rejects.toMatchObject({ details: { field: 'actions' } })
    await expect(refuse({ votingType: 'approval', choices: ['A', 'B'] })).rejects.toMatchObject({ details: { field: 'votingType' } })
    await expect(refuse({ endAt: new Date(Date.now() + 10 * 60_000).toISOString() })).rejects.toMatchObject({ details: { field: 'endAt' } })
    await expect(refuse({ actions: [{ target: token, signature: 'transfer(address,uint256)', args: ['0x1'] }] })).rejects.toMatchObject({ details: { field: 'actions.0.args' } })
    expect(await database.db.proposal.count()).toBe(1)
  })

  it('lets a member above the threshold propose by signature, checked at the snapshot block, and refuses one without power', async () => {
    const snapshot = (await clients.publicClient.getBlockNumber()) - 1n
    const now = BigInt(Math.floor(Date.now() / 1000))
    const message = (proposer: `0x${string}`) => ({
      proposer,
      space: 'test-dao',
      title: 'Pick a mascot',
      body: 'Rank them.',
      votingType: 'ranked-choice',
      choices: ['Owl', 'Fox', 'Bear', 'Elk'],
      maxPicks: 0,
      start: now - 60n,
      end: now + 7200n,
      snapshot,
      discussion: '',
      timestamp: now,
    })
    const sign = async (account: (typeof devAccounts)[number]) => {
      const typed = getProposalTypedData({ chainId: 31337, token, message: message(account.address) })
      const signature = await privateKeyToAccount(account.privateKey).signTypedData(typed)
      const m = typed.message
      return { message: { ...m, start: m.start.toString(), end: m.end.toString(), snapshot: m.snapshot.toString(), timestamp: m.timestamp.toString() }, signature }
    }
    const created = await createProposalFromSignature(database.db, clients.publicClient, { input: await sign(alice) })
    expect(created.number).toBe(2)
    await expect(createProposalFromSignature(database.db, clients.publicClient, { input: await sign(erin) })).rejects.toMatchObject({ code: 'forbidden' })
    const forged = await sign(alice)
    forged.message.title = 'Something else'
    await expect(createProposalFromSignature(database.db, clients.publicClient, { input: forged })).rejects.toMatchObject({ details: { field: 'signature' } })

    const status = await getVoterStatus(database.db, clients.publicClient, { proposalId: created.id, voter: erin.address })
    expect(status).toMatchObject({ power: '0', zeroReason: 'not-delegated' })
    const nobody = await getVoterStatus(database.db, clients.publicClient, { proposalId: created.id, voter: devAccounts[9].address })
    expect(nobody).toMatchObject({ power: '0', zeroReason: 'no-tokens' })
    expect((await getVoterStatus(database.db, clients.publicClient, { proposalId: created.id, voter: alice.address })).power).toBe(parseUnits('10000', 18).toString())

    // What the member's proposal page shows before signing: power at the latest complete block against the threshold.
    const head = await clients.publicClient.getBlockNumber()
    expect(await getProposerStatus(database.db, clients.publicClient, { slug: 'test-dao', proposer: alice.address.toLowerCase() })).toEqual({
      proposer: alice.address,
      proposers: 'members',
      block: (head - 1n).toString(),
      power: parseUnits('10000', 18).toString(),
      threshold: parseUnits('5000', 18).toString(),
      eligible: true,
    })
    expect(await getProposerStatus(database.db, clients.publicClient, { slug: 'test-dao', proposer: erin.address })).toMatchObject({ power: '0', eligible: false, zeroReason: 'not-delegated' })
    await expect(getProposerStatus(database.db, clients.publicClient, { slug: 'no-such-space', proposer: alice.address })).rejects.toMatchObject({ code: 'not_found' })
  })

  it('quadratic results from every voter\'s power equal the pure tally; the live route\'s mode answers recent results at once and catches up; concurrent readers agree', async () => {
    const created = await createProposal(database.db, clients.publicClient, {
      slug: 'test-dao',
      author: admin.address,
      input: { title: 'Split the grants', votingType: 'quadratic', choices: ['Tooling', 'Audits', 'Education'], ...window() },
    })
    const proposalId = created.id
    const rows: { voter: string; choice: Record<string, number>; power: bigint }[] = []
    for (let i = 0; i < 300; i++) {
      const choice: Record<string, number> = i % 3 === 0 ? { 1: 1 } : i % 3 === 1 ? { 1: 2, 3: 1 } : { 2: 1 + (i % 4), 3: 1 }
      rows.push({ voter: `0x${(i + 1).toString(16).padStart(40, '0')}`, choice, power: BigInt(1 + ((i * 7919) % 5000)) * 10n ** 18n + BigInt(i * 1_000_003) })
    }
    const insert = (batch: typeof rows) =>
      database.sql.query(
        `INSERT INTO votes (proposal_id, voter, choice, voting_power, timestamp, message_id) SELECT $1::uuid, v, c::jsonb, p::numeric, now(), '0x' || md5(v) FROM unnest($2::text[], $3::text[], $4::text[]) AS t(v, c, p)`,
        [proposalId, batch.map((r) => r.voter), batch.map((r) => JSON.stringify(r.choice)), batch.map((r) => r.power.toString())],
      )
    let seq = 100
    const commitBatch = () => database.sql.query(`INSERT INTO batches (shard, seq, root, count, kind, shard_key, tree, messages) VALUES (7, $1, '0x', 0, 'vote', $2, '\\x', '[]')`, [++seq, proposalId])
    await insert(rows.slice(0, 200))
    await commitBatch()
    const pure = (n: number) => tally({ type: 'quadratic', choices: 3, ballots: rows.slice(0, n).map((r) => ({ ...r })), unique: true })
    const first = await getProposalResults(database.db, { proposalId })
    expect(first.voteCount).toBe(200)
    expect(first.scores).toEqual(pure(200).raw!.map(String))
    expect(first.quadraticScores).toEqual(pure(200).scores.map(String))

    // 100 more votes in a new batch: the live mode answers the recent results at once, then catches up.
    await insert(rows.slice(200))
    await commitBatch()
    const stale = await getProposalResults(database.db, { proposalId, maxStaleMs: 60_000 })
    expect(stale.voteCount).toBe(200)
    expect(stale.batchStamp).toBe(first.batchStamp)
    // (A background computation starts at most once a second per proposal.)
    await expect.poll(async () => (await getProposalResults(database.db, { proposalId, maxStaleMs: 60_000 })).voteCount, { timeout: 10_000 }).toBe(300)
    // Past maxStaleMs it waits for the new batch; so does the page's mode (no maxStaleMs).
    await commitBatch()
    const [a, b, c] = await Promise.all([getProposalResults(database.db, { proposalId }), getProposalResults(database.db, { proposalId }), getProposalResults(database.db, { proposalId, maxStaleMs: 0 })])
    expect(a.batchStamp).toBeGreaterThan(stale.batchStamp)
    expect([b, c]).toEqual([a, a])
    expect(a.quadraticScores).toEqual(pure(300).scores.map(String))
    expect(a.scores).toEqual(pure(300).raw!.map(String))
  })

  it('tallies ranked-choice results with every round, refreshes after a new batch, and exports a CSV with the page\'s numbers', async () => {
    const proposal = await database.db.proposal.findFirstOrThrow({ where: { number: 2, space: { slug: 'test-dao' } } })
    const vote = (voter: string, choice: unknown, tokens: string) =>
      database.db.$executeRaw`INSERT INTO votes (proposal_id, voter, choice, voting_power, "timestamp", message_id)
        VALUES (${proposal.id}::uuid, ${voter.toLowerCase()}, ${JSON.stringify(choice)}::jsonb, ${parseUnits(tokens, 18).toString()}::numeric, now(), ${'0x' + voter.slice(2).padEnd(64, '0')})`
    await vote(alice.address, [1, 2], '10000')
    await vote(bob.address, [2, 1], '9000')
    await vote(carol.address, [3, 2], '4000')
    await vote(dave.address, [4], '1000') // a partial ranking: exhausted once Elk is out
    const first = await getProposalResults(database.db, { proposalId: proposal.id })
    expect(first.rounds?.map((r) => r.eliminated)).toEqual([4, 3, null])
    expect(first.winner).toBe(2) // Fox: 9000 + Bear's 4000 > Owl's 10000
    expect(first.voteCount).toBe(4)
    expect(first.quorumReached).toBe(true)

    // Cached until a batch commits: a vote written outside a batch is not seen yet, then it is.
    await vote(erin.address, [1], '30000')
    expect((await getProposalResults(database.db, { proposalId: proposal.id })).voteCount).toBe(4)
    await database.db.$executeRaw`INSERT INTO batches (shard, seq, root, count, kind, shard_key, tree, messages) VALUES (0, 1, '0x', 1, 'vote', ${proposal.id}, '\\x'::bytea, '[]')`
    const second = await getProposalResults(database.db, { proposalId: proposal.id })
    expect(second.voteCount).toBe(5)
    expect(second.winner).toBe(1)

    const token = { symbol: 'ARB', decimals: 18 }
    const { votes } = await listProposalVotes(database.db, { proposalId: proposal.id, pageSize: 100 })
    expect(votes.map((v) => v.voter)).toEqual([erin, alice, bob, carol, dave].map((a) => a.address))
    const csv = resultsCsv(second, votes, token)
    const formatted = formatResults(second, token)
    for (const row of formatted.table) expect(csv).toContain(row.map((cell) => (cell.includes(',') ? `"${cell}"` : cell)).join(','))
    expect(csv).toContain('Round 1,Power,Share')
    expect(csv).toContain(`${alice.address},"1. Owl, 2. Fox","10,000 ARB"`)
  })
})
