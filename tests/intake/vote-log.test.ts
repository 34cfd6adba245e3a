import { randomBytes } from 'node:crypto'
import { getAddress } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createChainClients } from '@/lib/chain/clients'
import { createDatabase } from '@/lib/db/create-database'
import type { Database } from '@/lib/db/types'
import { env } from '@/lib/env'
import { BaseError, NotFoundError } from '@/lib/errors'
import { getProposalResults } from '@/lib/governance/results/get-proposal-results'
import { listProposalVotes } from '@/lib/governance/results/list-proposal-votes'
import { tallyProposal } from '@/lib/governance/tally-proposal'
import { createIntakeEngine, type IntakeEngine, type SubmitOutcome } from '@/lib/intake/create-intake-engine'
import { createVoteEligibility } from '@/lib/intake/create-vote-eligibility'
import { findFirstInclusions, findVoteReceipts, getReceipt } from '@/lib/intake/get-receipt'
import { countedVotes, materializeVotes } from '@/lib/intake/materialize-votes'
import type { SubmitResult, VerifiedMessage } from '@/lib/intake/types'
import { createVerifierPool } from '@/lib/intake/verifier-pool'
import { createVoteMessageType, loggedVotes, signedRestOf, VOTE_DOMAIN, voteTypes, type VoteRow } from '@/lib/intake/vote-message'
import { writeBatches } from '@/lib/intake/write-batch'
import { buildBatchTree } from '@/lib/intake/batch-tree'
import { verifyProof } from '@/lib/merkle/verify-proof'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { createTestKeys, seedCampaignPoweredProposals, seedProposals, signTyped, signVote, type TestKey, type VoteTarget } from './support/fixtures'

const ok = (outcome: SubmitOutcome | undefined): SubmitResult => {
  if (!outcome || outcome instanceof BaseError) throw new Error(`expected success, got ${outcome instanceof Error ? outcome.message : outcome}`)
  return outcome
}

/** The counted votes as `votes` holds them: `${proposal}:${voter}` → message id. */
async function storedCounted(sql: Database['sql'], proposalIds: readonly string[]): Promise<Map<string, string>> {
  const { rows } = await sql.query<{ proposal_id: string; voter: string; message_id: string }>(
    'SELECT proposal_id::text, voter, message_id FROM votes WHERE proposal_id = ANY($1::uuid[])',
    [proposalIds],
  )
  return new Map(rows.map((row) => [`${row.proposal_id}:${row.voter}`, row.message_id]))
}

/** The pure function over everything in the log. */
async function countedFromLog(sql: Database['sql'], proposalIds: readonly string[]): Promise<{ counted: Map<string, string>; rows: number }> {
  const { rows } = await sql.query<{ proposal_id: string; voter: string; id: string; ts: string }>(
    `SELECT proposal_id::text, '0x' || encode(voter, 'hex') AS voter, '0x' || encode(message_id, 'hex') AS id, ts::text
     FROM ${loggedVotes('vote_log l WHERE l.proposal_id = ANY($1::uuid[])')} AS v`,
    [proposalIds],
  )
  return { counted: countedVotes(rows.map((r) => ({ proposalId: r.proposal_id, voter: r.voter, id: r.id, timestamp: BigInt(r.ts) }))), rows: rows.length }
}

describe.skipIf(!env.TEST_DATABASE_URL)('the vote log and its derivation (Postgres)', () => {
  let database: TestDatabase
  const extra: Database[] = []
  const engines: IntakeEngine[] = []
  let keys: TestKey[]
  let seeded: Awaited<ReturnType<typeof seedCampaignPoweredProposals>>

  // A chain is not needed: power comes from the campaign's allocations.
  const client = createChainClients({ rpcUrl: 'http://127.0.0.1:9', chainId: 31337 }).publicClient

  /** An engine on its own connection pool, as a second server would have. */
  function serverEngine(options: { flushMs?: number; voteAck?: 'derived' | 'batch'; materializer?: false } = {}): { engine: IntakeEngine; sql: Database['sql'] } {
    const own = createDatabase({ kind: 'postgres', url: database.url!, poolSize: 4 })
    extra.push(own)
    const engine = createIntakeEngine({
      sql: own.sql,
      types: [createVoteMessageType(createVoteEligibility({ sql: own.sql, client, proposalTtlMs: 0 }))],
      pool: createVerifierPool({ size: 1 }),
      flushMs: options.flushMs ?? 5,
      ...options,
    })
    engines.push(engine)
    return { engine, sql: own.sql }
  }

  beforeAll(async () => {
    database = await createTestDatabase()
    keys = await createTestKeys(40)
    seeded = await seedCampaignPoweredProposals(database.sql, { keys, proposals: 5 })
  })

  afterAll(async () => {
    for (const engine of engines) await engine.close()
    for (const db of extra) await db.close()
    await database?.drop()
  })

  it('every primary key and unique index of the intake and vote tables includes the shard column (pg_index)', async () => {
    const { rows } = await database.sql.query<{ table: string; index: string; columns: string[] }>(
      `SELECT t.relname AS table, i.relname AS index,
              ARRAY(SELECT a.attname::text FROM unnest(x.indkey) AS k JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k) AS columns
       FROM pg_index x JOIN pg_class t ON t.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
       WHERE n.nspname = current_schema() AND (x.indisunique OR x.indisprimary)
         AND t.relname = ANY($1::text[])
       ORDER BY 1, 2`,
      [['batches', 'intake_messages', 'votes', 'vote_ids', 'vote_log', 'vote_watermarks']],
    )
    // every table has its key, and each key names its proposal or campaign
    expect(new Set(rows.map((row) => row.table))).toEqual(new Set(['batches', 'intake_messages', 'votes', 'vote_ids', 'vote_log', 'vote_watermarks']))
    const shardColumns = new Set(['proposal_id', 'shard_key', 'campaign_id'])
    expect(rows.filter((row) => !row.columns.some((column) => shardColumns.has(column)))).toEqual([])
    // the log's one index is ordered within a proposal: (proposal, batch), no random key
    const { rows: logIndexes } = await database.sql.query<{ columns: string[] }>(
      `SELECT ARRAY(SELECT a.attname::text FROM unnest(x.indkey) AS k JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k) AS columns
       FROM pg_index x WHERE x.indrelid = 'vote_log'::regclass`,
    )
    expect(logIndexes).toEqual([{ columns: ['proposal_id', 'batch_id'] }])
  })

  it('acknowledges after the append; votes, receipts and statuses are derived from the log (duplicates and re-votes within one batch and across batches)', async () => {
    const { engine, sql } = serverEngine({ flushMs: 300, voteAck: 'batch', materializer: false })
    const target = seeded.targets[0]!
    const t = Math.floor(Date.now() / 1000) - 200
    const a1 = await signVote(keys[0]!, target, { choice: 1, timestamp: t })
    const a2 = await signVote(keys[0]!, target, { choice: 2, timestamp: t + 10 })
    const b1 = await signVote(keys[1]!, target, { choice: 3, timestamp: t })
    // one batch: a re-vote, a duplicate of it, another voter
    const first = (await engine.submit('vote', [a1, a2, a2, b1])).map(ok)
    expect(new Set(first.map((r) => r.receipt.batch.id)).size).toBe(1)
    expect(first.map((r) => r.status)).toEqual(['superseded', 'accepted', 'accepted', 'accepted'])
    expect(first[0]!.supersededBy).toBe(a2.id)
    for (const [i, vote] of [a1, a2, a2, b1].entries()) expect(verifyProof(first[i]!.receipt.batch.root, ['bytes32'], [vote.id], first[i]!.receipt.proof)).toBe(true)
    expect(first[0]!.receipt.batch.count).toBe(3) // the duplicate is one leaf

    // nothing derived yet (no materializer): the log has it, votes does not
    expect((await storedCounted(database.sql, [target.proposalId])).size).toBe(0)
    expect((await countedFromLog(database.sql, [target.proposalId])).rows).toBe(3)

    // across batches: an older re-vote (loses), a duplicate of a2 (a second inclusion), a tie for b
    const aOld = await signVote(keys[0]!, target, { choice: 3, timestamp: t + 5 })
    const bTie = await signVote(keys[1]!, target, { choice: 1, timestamp: t })
    const second = (await engine.submit('vote', [aOld, a2, bTie])).map(ok)
    expect(second[1]!.receipt.batch.id).not.toBe(first[1]!.receipt.batch.id)
    expect(verifyProof(second[1]!.receipt.batch.root, ['bytes32'], [a2.id], second[1]!.receipt.proof)).toBe(true)

    const derived = await materializeVotes(sql, { proposalId: target.proposalId })
    expect(derived).toMatchObject({ proposals: 1, batches: 2, messages: 6 })
    const tieWinner = [b1.id, bTie.id].sort()[0]!
    const { counted } = await countedFromLog(database.sql, [target.proposalId])
    expect(await storedCounted(database.sql, [target.proposalId])).toEqual(counted)
    expect(counted).toEqual(new Map([[`${target.proposalId}:${keys[0]!.address}`, a2.id], [`${target.proposalId}:${keys[1]!.address}`, tieWinner]]))
    // again: nothing left, nothing changes
    expect(await materializeVotes(sql, { proposalId: target.proposalId })).toMatchObject({ batches: 0, messages: 0 })

    // receipts: every message has one, its status derived now; a duplicate's is its first inclusion
    expect((await getReceipt(sql, { id: aOld.id })).message).toMatchObject({ status: 'superseded', supersededBy: a2.id })
    expect((await getReceipt(sql, { id: a1.id })).message).toMatchObject({ status: 'superseded', supersededBy: a2.id })
    const a2Receipt = await getReceipt(sql, { id: a2.id })
    expect(a2Receipt.message).toMatchObject({ status: 'accepted' })
    expect(a2Receipt.batch.id).toBe(first[1]!.receipt.batch.id)
    expect(a2Receipt.proof).toEqual(first[1]!.receipt.proof)
  })

  it('a receipt gives back the signed vote exactly as posted (an EIP-55 voter, an uppercase proposal id, a quoted reason) from its one copy in the log', async () => {
    const { engine, sql } = serverEngine({ flushMs: 5, voteAck: 'batch', materializer: false })
    const target = seeded.targets[4]! // its own proposal: the other tests count theirs
    const key = keys[5]!
    const message = {
      voter: getAddress(key.address),
      proposal: target.proposalId.toUpperCase(),
      choices: ['2'],
      weights: [],
      reason: 'a "quoted", {braced}, \\ back-slashed, ünïcödé reason',
      timestamp: String(Math.floor(Date.now() / 1000) - 100),
    }
    const { id, signature } = await signTyped(key.privateKey, { domain: { ...VOTE_DOMAIN, chainId: target.chainId, verifyingContract: target.token }, types: voteTypes, primaryType: 'Vote', message })
    const [result] = (await engine.submit('vote', [{ message, signature }])).map(ok)
    expect(result!.id).toBe(id)
    // the batch row keeps root and tree only; the log row is the message
    const { rows: [batch] } = await database.sql.query<{ messages: string }>('SELECT messages FROM batches WHERE id = $1', [result!.receipt.batch.id])
    expect(batch!.messages).toBe('[]')
    const receipt = await getReceipt(sql, { id })
    expect(receipt.message.payload).toEqual(message)
    expect(Object.keys(receipt.message.payload as object)).toEqual(voteTypes.Vote.map((field) => field.name))
    expect(receipt.message.signature).toBe(signature.toLowerCase())
    // stored: the EIP-55 voter as a flag, the proposal as posted
    const { rows: [stored] } = await database.sql.query<{ signed: string }>(`SELECT signed FROM ${loggedVotes('vote_log l')} AS v WHERE message_id = decode($1, 'hex')`, [id.slice(2)])
    expect(JSON.parse(stored!.signed)).toEqual([['2'], [], { eip55: 1, proposal: message.proposal }])
    // and a plain one (lowercase voter and proposal): nothing but choices and weights beside the columns
    const plain = await signVote(keys[6]!, target, { choice: 1, reason: '', timestamp: Math.floor(Date.now() / 1000) - 90 })
    ok((await engine.submit('vote', [plain]))[0])
    expect((await getReceipt(sql, { id: plain.id })).message.payload).toEqual(plain.message)
    const { rows: [logged] } = await database.sql.query<{ signed: string }>(`SELECT signed FROM ${loggedVotes('vote_log l')} AS v WHERE message_id = decode($1, 'hex')`, [plain.id.slice(2)])
    expect(logged!.signed).toBe('[["1"],[]]')
  })

  it('a receipt read right after an acknowledgement is found, and derives what was committed before it', async () => {
    const { engine, sql } = serverEngine({ voteAck: 'batch', materializer: false })
    const target = seeded.targets[1]!
    const t = Math.floor(Date.now() / 1000) - 100
    const earlier = await signVote(keys[5]!, target, { choice: 1, timestamp: t })
    const later = await signVote(keys[5]!, target, { choice: 2, timestamp: t + 1 })
    ok((await engine.submit('vote', [earlier]))[0])
    ok((await engine.submit('vote', [later]))[0])
    // no materializer ran: getReceipt derives first
    expect((await getReceipt(sql, { id: later.id })).message).toMatchObject({ status: 'accepted' })
    expect((await getReceipt(sql, { id: earlier.id })).message).toMatchObject({ status: 'superseded', supersededBy: later.id })
  })

  it('live results count a vote as soon as its batch committed, with no materializer running (they derive first)', async () => {
    const { engine } = serverEngine({ voteAck: 'batch', materializer: false })
    const [proposalId] = await seedProposalsLike(seeded.proposalIds[0]!)
    const target = { ...seeded.targets[0]!, proposalId: proposalId! }
    expect((await getProposalResults(database.db, { proposalId: target.proposalId })).voteCount).toBe(0)
    const vote = await signVote(keys[7]!, target, { choice: 2 })
    ok((await engine.submit('vote', [vote]))[0])
    const results = await getProposalResults(database.db, { proposalId: target.proposalId })
    expect(results.voteCount).toBe(1)
    expect(results.scores[1]).toBe(seeded.powerOf(keys[7]!.address).toString())
  })

  it("the voter's own vote (voter status, the votes list) is there right after a batch ack, with no materializer running (the list derives first)", async () => {
    const { engine } = serverEngine({ voteAck: 'batch', materializer: false })
    const [proposalId] = await seedProposalsLike(seeded.proposalIds[4]!)
    const target = { ...seeded.targets[4]!, proposalId: proposalId! }
    const vote = await signVote(keys[8]!, target, { choice: 3 })
    ok((await engine.submit('vote', [vote]))[0])
    const { votes } = await listProposalVotes(database.db, { proposalId: target.proposalId, voter: keys[8]!.address, pageSize: 1 })
    expect(votes).toMatchObject([{ messageId: vote.id, choice: 3, votingPower: seeded.powerOf(keys[8]!.address).toString() }])
  })

  it("a voter's power is looked up once per campaign, whichever of its proposals the votes name", async () => {
    let lookups = 0
    const counting = { query: ((text: string, params?: unknown[]) => ((lookups += text.includes('FROM allocations') ? 1 : 0), database.sql.query(text, params))) as Database['sql']['query'] }
    const eligibility = createVoteEligibility({ sql: counting, client })
    const [one, two] = await Promise.all(seeded.proposalIds.slice(0, 2).map(async (id) => (await eligibility.getProposal(id))!))
    const voter = keys[9]!.address.toLowerCase()
    const powers = await Promise.all([eligibility.getVotingPowers(one!, [voter]), eligibility.getVotingPowers(two!, [voter])])
    expect(await eligibility.getVotingPowers(two!, [voter])).toEqual([seeded.powerOf(voter)])
    expect(powers).toEqual([[seeded.powerOf(voter)], [seeded.powerOf(voter)]])
    expect(lookups).toBe(1)
    expect(await eligibility.getVotingPowers(one!, ['0x00000000000000000000000000000000000000aa'])).toEqual([0n])
    expect(lookups).toBe(2)
  })

  /** Another proposal in the same (campaign-powered) space. */
  async function seedProposalsLike(proposalId: string): Promise<string[]> {
    const { rows } = await database.sql.query<{ id: string }>(
      `INSERT INTO proposals (space_id, number, title, author, choices, snapshot_block, start_at, end_at, state, voting_type)
       SELECT space_id, number + 100, title, author, choices, snapshot_block, start_at, end_at, state, voting_type FROM proposals WHERE id = $1 RETURNING id`,
      [proposalId],
    )
    return rows.map((row) => row.id)
  }

  /** 40 verified votes on `proposalId`: each its own reason and power (`distinct`), or all the same ones. */
  const fortyVotes = (proposalId: string, distinct: boolean, base: number): VerifiedMessage<VoteRow>[] =>
    Array.from({ length: 40 }, (_, i) => {
      const voter = `0x${randomBytes(20).toString('hex')}`
      const timestamp = String(base + i)
      const reason = distinct ? `reason ${i}, "quoted" {braced}` : ''
      const votingPower = distinct ? String(10n ** 30n + BigInt(i)) : '7'
      return {
        kind: 'vote', id: `0x${randomBytes(32).toString('hex')}`, shardKey: proposalId, key: voter, signer: voter, signature: `0x${randomBytes(65).toString('hex')}`, rank: BigInt(timestamp),
        payload: { voter, proposal: proposalId, choices: [String(1 + (i % 2))], weights: [], reason, timestamp },
        row: { proposalId, voter, choice: String(1 + (i % 2)), reason, votingPower, timestamp },
      }
    })

  /** Reads `batches` (each one batch's messages) back from the log and checks every column of every vote and its leaf. */
  async function expectLogged(batches: readonly VerifiedMessage<VoteRow>[][]): Promise<void> {
    const messages = batches.flat()
    const { rows } = await database.sql.query<{ id: string; proposal: string; batch_id: number; node: number; voter: string; ts: string; choice: string; reason: string; power: string; signature: string; signed: string }>(
      `SELECT '0x' || encode(message_id, 'hex') AS id, proposal_id::text AS proposal, batch_id, node, '0x' || encode(voter, 'hex') AS voter, ts::text, choice, reason,
              voting_power::text AS power, '0x' || encode(signature, 'hex') AS signature, signed
       FROM ${loggedVotes('vote_log l')} AS v WHERE message_id = ANY($1::bytea[])`,
      [messages.map((m) => Buffer.from(m.id.slice(2), 'hex'))],
    )
    expect(rows).toHaveLength(messages.length)
    const byId = new Map(rows.map((row) => [row.id, row]))
    for (const m of messages) {
      expect(byId.get(m.id)).toMatchObject({ proposal: m.shardKey, voter: m.row.voter, ts: m.row.timestamp, choice: m.row.choice, reason: m.row.reason, power: m.row.votingPower, signature: m.signature, signed: signedRestOf(m) })
    }
    // each batch's leaves are its tree's: node 2n - 2 - k for the k-th smallest id's leaf
    for (const part of batches) {
      const tree = buildBatchTree(part.map((m) => m.id))
      for (const [i, m] of part.entries()) expect(byId.get(m.id)!.node).toBe(tree.nodeAt(i))
      expect(new Set(part.map((m) => byId.get(m.id)!.batch_id)).size).toBe(1)
    }
  }

  it('logs every column exactly whether a batch repeats its reasons and powers (sent as distinct values) or not (sent as they are)', async () => {
    const [proposalId] = seeded.proposalIds.slice(-1)
    const type = createVoteMessageType(createVoteEligibility({ sql: database.sql, client }))
    const batches = [fortyVotes(proposalId!, true, 1_800_000_000), fortyVotes(proposalId!, false, 1_800_000_100)]
    for (const messages of batches) await writeBatches(database.sql, [{ type, shardKey: proposalId!, messages }])
    await expectLogged(batches)
  })

  it('a group commit of several proposals appends one log row a batch, its repeating columns indexed or one value a vote; receipts give back the signed votes', async () => {
    const proposalIds = [...(await seedProposalsLike(seeded.proposalIds[1]!)), ...(await seedProposalsLike(seeded.proposalIds[2]!))]
    const type = createVoteMessageType(createVoteEligibility({ sql: database.sql, client }))
    const commit = async (batches: VerifiedMessage<VoteRow>[][]) => {
      await writeBatches(database.sql, batches.map((messages) => ({ type, shardKey: messages[0]!.shardKey, messages })))
      await expectLogged(batches)
      const { rows } = await database.sql.query<{ proposal: string; votes: number; indexed: boolean }>(
        `SELECT proposal_id::text AS proposal, length(message_ids) / 32 AS votes, reason_at IS NOT NULL AS indexed FROM vote_log
         WHERE batch_id IN (SELECT id FROM batches WHERE shard_key = ANY($1::text[]) ORDER BY id DESC LIMIT $2)`,
        [proposalIds, batches.length],
      )
      return rows
    }
    // both batches repeat their reasons: kept as distinct values + an index a vote
    const repeating = [fortyVotes(proposalIds[0]!, false, 1_800_000_200), fortyVotes(proposalIds[1]!, false, 1_800_000_300)]
    expect(await commit(repeating)).toEqual(expect.arrayContaining(proposalIds.map((proposal) => ({ proposal, votes: 40, indexed: true }))))
    // one batch's reasons are all distinct: one value a vote
    const mixed = [fortyVotes(proposalIds[0]!, true, 1_800_000_400), fortyVotes(proposalIds[1]!, false, 1_800_000_500)]
    expect(await commit(mixed)).toEqual(expect.arrayContaining(proposalIds.map((proposal) => ({ proposal, votes: 40, indexed: false }))))
    // a receipt reads its one vote from either layout
    for (const m of [repeating[1]![7]!, mixed[0]![33]!]) {
      const receipt = await getReceipt(database.sql, { id: m.id })
      expect(receipt.message).toMatchObject({ id: m.id, shardKey: m.shardKey, signature: m.signature, payload: m.payload })
    }
  })

  it('two vote ids sharing the id lookup key (their first 8 bytes): each receipt is its own first inclusion, confirmed against the log', async () => {
    const [proposalId] = await seedProposals(database.sql, { chainId: 31337, token: '0x0000000000000000000000000000000000000005', proposals: 1 })
    const type = createVoteMessageType(createVoteEligibility({ sql: database.sql, client }))
    const prefix = randomBytes(8).toString('hex')
    const vote = (n: number): VerifiedMessage<VoteRow> => {
      const voter = `0x${randomBytes(20).toString('hex')}`
      const timestamp = String(1_800_000_000 + n)
      return {
        kind: 'vote', id: `0x${prefix}${randomBytes(24).toString('hex')}`, shardKey: proposalId!, key: voter, signer: voter, signature: `0x${randomBytes(65).toString('hex')}`, rank: BigInt(timestamp),
        payload: { voter, proposal: proposalId, choices: ['1'], weights: [], reason: `vote ${n}`, timestamp },
        row: { proposalId: proposalId!, voter, choice: '1', reason: `vote ${n}`, votingPower: '1', timestamp },
      }
    }
    const [a, b] = [vote(1), vote(2)]
    // b first, then a with b again, then a again: each id's first inclusion is a different batch
    const written: number[] = []
    for (const messages of [[b], [a, b], [a]]) {
      const [outcomes] = await writeBatches(database.sql, [{ type, shardKey: proposalId!, messages }])
      written.push(ok(outcomes![0]).receipt.batch.id)
    }
    await materializeVotes(database.sql, { proposalId: proposalId! })
    const { rows: [shared] } = await database.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM vote_ids WHERE prefix = ('x' || $1)::bit(64)::int8`, [prefix])
    expect(shared!.n).toBe(4) // the collision is real: four inclusions under one key
    expect((await getReceipt(database.sql, { id: a.id })).batch.id).toBe(written[1])
    expect((await getReceipt(database.sql, { id: b.id })).batch.id).toBe(written[0])
    expect((await getReceipt(database.sql, { id: a.id })).message.payload).toMatchObject({ voter: a.key, reason: 'vote 1' })
    expect((await getReceipt(database.sql, { id: b.id })).message.payload).toMatchObject({ voter: b.key, reason: 'vote 2' })
    const inclusions = await findFirstInclusions(database.sql, [a, b])
    expect(new Map([...inclusions].map(([id, first]) => [id, first.batchId]))).toEqual(new Map([[a.id, written[1]], [b.id, written[0]]]))
    const receipts = await findVoteReceipts(database.sql, [a, b])
    expect(receipts.get(a.id)!.receipt.batch.id).toBe(written[1])
    expect(receipts.get(b.id)!.receipt.batch.id).toBe(written[0])
    for (const m of [a, b]) expect(verifyProof(receipts.get(m.id)!.receipt.batch.root, ['bytes32'], [m.id], receipts.get(m.id)!.receipt.proof)).toBe(true)
    // an id of that key that was never logged is not found
    await expect(getReceipt(database.sql, { id: `0x${prefix}${randomBytes(24).toString('hex')}` })).rejects.toBeInstanceOf(NotFoundError)
  })

  it('two engines on one database, the same votes in different orders (duplicates, re-votes, ties): identical counted votes and tallies, equal to the pure function', async () => {
    const targets: VoteTarget[] = seeded.targets.slice(2, 4)
    const base = Math.floor(Date.now() / 1000) - 400
    let seed = 11
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648)
    const votes: Awaited<ReturnType<typeof signVote>>[] = []
    for (let i = 0; i < 600; i++) {
      const key = keys[Math.floor(random() * keys.length)]!
      // few distinct timestamps: many re-votes, some ties
      votes.push(await signVote(key, targets[i % 2]!, { choice: 1 + Math.floor(random() * 3), timestamp: base + Math.floor(random() * 20) }))
    }
    const withDuplicates = [...votes, ...votes.filter((_, i) => i % 7 === 0)]
    const shuffled = [...withDuplicates].sort(() => random() - 0.5)
    const one = serverEngine()
    const two = serverEngine({ flushMs: 2 })
    // both engines get everything, in different orders and request sizes, at once
    const send = async (engine: IntakeEngine, list: typeof votes, size: number) => {
      const outcomes = []
      for (let i = 0; i < list.length; i += size) outcomes.push(...(await Promise.all([engine.submit('vote', list.slice(i, i + size))]))[0]!)
      return outcomes.map(ok)
    }
    const [fromOne, fromTwo] = await Promise.all([send(one.engine, withDuplicates, 50), send(two.engine, [...shuffled].reverse(), 7)])
    // 'derived' acks: both engines answer each id with the same (first) receipt and the same status
    const byId = (results: SubmitResult[]) => new Map(results.map((r) => [r.id, r]))
    const oneById = byId(fromOne)
    const twoById = byId(fromTwo)
    const ids = targets.map((t) => t.proposalId)
    await materializeVotes(database.sql, { proposalIds: ids })
    const { counted, rows } = await countedFromLog(database.sql, ids)
    expect(rows).toBeGreaterThanOrEqual(votes.length) // every vote logged, duplicates as further inclusions
    const expected = countedVotes(votes.map((v) => ({ proposalId: v.message.proposal, voter: v.message.voter, id: v.id, timestamp: BigInt(v.message.timestamp) })))
    expect(counted).toEqual(expected)
    expect(await storedCounted(database.sql, ids)).toEqual(expected)
    const counting = new Set(expected.values())
    for (const vote of votes) {
      const receipt = await getReceipt(database.sql, { id: vote.id })
      expect(receipt.message.status).toBe(counting.has(vote.id) ? 'accepted' : 'superseded')
      expect(verifyProof(receipt.batch.root, ['bytes32'], [vote.id], receipt.proof)).toBe(true)
      // each engine answered the id with its first inclusion: the same receipt, which verifies
      expect(oneById.get(vote.id)!.receipt).toEqual(twoById.get(vote.id)!.receipt)
      for (const answer of [oneById.get(vote.id)!, twoById.get(vote.id)!]) expect(verifyProof(answer.receipt.batch.root, ['bytes32'], [vote.id], answer.receipt.proof)).toBe(true)
    }
    // tallies: the stored tally equals the tally of the pure function's ballots
    for (const target of targets) {
      const tally = await tallyProposal(database.sql, { proposalId: target.proposalId })
      const power = [0n, 0n, 0n]
      // (two draws can sign the very same message: one id, one ballot)
      for (const vote of new Map(votes.map((v) => [v.id, v])).values()) if (vote.message.proposal === target.proposalId && counting.has(vote.id)) power[Number(vote.message.choices[0]) - 1]! += seeded.powerOf(vote.message.voter)
      expect(tally.scores).toEqual(power)
    }
  }, 300_000)
})
