/**
 * One message must not fail the others: what the database would refuse is refused up front, and
 * a message the database still refuses inside a shared batch transaction is found (the batch is
 * split) and answered alone with a 422, while the rest commit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAnvil, type StartAnvilReturnType } from '@/lib/chain/anvil'
import { createChainClients } from '@/lib/chain/clients'
import { deployDemoContracts } from '@/lib/chain/deploy-demo'
import { devAccounts } from '@/lib/chain/dev-accounts'
import { BaseError } from '@/lib/errors'
import { createIntakeEngine, type IntakeEngine, type SubmitOutcome } from '@/lib/intake/create-intake-engine'
import { createVoteEligibility } from '@/lib/intake/create-vote-eligibility'
import type { MessageType } from '@/lib/intake/types'
import { createVerifierPool } from '@/lib/intake/verifier-pool'
import { createVoteMessageType, type VoteRow } from '@/lib/intake/vote-message'
import type { VoteInput } from '@/lib/intake/schema'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { countIndexedVotes, seedProposals, signVote, type TestKey, type VoteTarget } from './support/fixtures'

let database: TestDatabase
let anvil: StartAnvilReturnType
let targets: VoteTarget[]
const voters: TestKey[] = devAccounts.slice(1, 5).map((a) => ({ privateKey: a.privateKey, address: a.address.toLowerCase() }))

beforeAll(async () => {
  ;[database, anvil] = await Promise.all([createTestDatabase(), startAnvil()])
  const clients = createChainClients({ rpcUrl: anvil.rpcUrl, chainId: anvil.chainId, account: devAccounts[0].privateKey })
  const demo = await deployDemoContracts(clients, { holder: devAccounts[0].address })
  const ids = await seedProposals(database.sql, { chainId: anvil.chainId, token: demo.token, snapshotBlock: demo.blockNumber, proposals: 3 })
  targets = ids.map((proposalId) => ({ proposalId, chainId: anvil.chainId, token: demo.token.toLowerCase() }))
})

afterAll(async () => {
  await database?.drop()
  await anvil?.stop()
})

function makeEngine(wrap: (type: MessageType<VoteInput, VoteRow>) => MessageType<VoteInput, VoteRow> = (type) => type): IntakeEngine {
  const clients = createChainClients({ rpcUrl: anvil.rpcUrl, chainId: anvil.chainId })
  return createIntakeEngine({
    sql: database.sql,
    types: [wrap(createVoteMessageType(createVoteEligibility({ sql: database.sql, client: clients.publicClient })))],
    pool: createVerifierPool({ size: 1 }),
    flushMs: 5,
  })
}

const isError = (outcome: SubmitOutcome | undefined): outcome is BaseError => outcome instanceof BaseError

/** Honest single votes and poison single votes, both at `perSecond`, for `seconds`; every outcome. */
async function drive(engine: IntakeEngine, honest: VoteInput[], poison: VoteInput[], perSecond: number) {
  const started = Date.now()
  const pending: Array<Promise<{ honest: boolean; outcome: SubmitOutcome | undefined }>> = []
  for (let i = 0; i < honest.length; i++) {
    const wait = started + (i * 1000) / perSecond - Date.now()
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
    pending.push(engine.submit('vote', [honest[i]!]).then(([outcome]) => ({ honest: true, outcome }), (error: BaseError) => ({ honest: true, outcome: error })))
    pending.push(engine.submit('vote', [poison[i % poison.length]!]).then(([outcome]) => ({ honest: false, outcome }), (error: BaseError) => ({ honest: false, outcome: error })))
  }
  return Promise.all(pending)
}

async function signHonest(count: number): Promise<VoteInput[]> {
  const t = Math.floor(Date.now() / 1000) - 200
  return Promise.all(Array.from({ length: count }, (_, i) => signVote(voters[i % 3]!, targets[i % 3]!, { choice: 1 + (i % 3), timestamp: t + i })))
}

describe('a poison message', () => {
  it('NUL in a text field is refused up front with 422 naming the field, alone or in an array', async () => {
    const engine = makeEngine()
    try {
      const bad = await signVote(voters[0]!, targets[0]!, { reason: 'a\u0000b' })
      const good = await signVote(voters[1]!, targets[0]!)
      const [single] = await engine.submit('vote', [bad]).catch((error: BaseError) => [error])
      expect(single).toMatchObject({ code: 'validation', details: { field: 'message.reason' } })
      await expect(engine.submit('vote', [good, bad], { array: true })).rejects.toMatchObject({ code: 'validation', details: { field: '[1].message.reason' } })
      const [accepted] = await engine.submit('vote', [good])
      expect(isError(accepted)).toBe(false)
    } finally {
      await engine.close()
    }
  })

  it('honest votes at 100/s beside a NUL vote re-posted at 100/s: no honest failure', async () => {
    const engine = makeEngine()
    try {
      const honest = await signHonest(200)
      const poison = [await signVote(voters[3]!, targets[1]!, { reason: 'nul \u0000 here' })]
      const results = await drive(engine, honest, poison, 100)
      expect(results.filter((r) => r.honest && isError(r.outcome)).map((r) => (r.outcome as BaseError).message)).toEqual([])
      expect(new Set(results.filter((r) => !r.honest).map((r) => `${(r.outcome as BaseError).code} ${(r.outcome as BaseError).details?.field}`))).toEqual(
        new Set(['validation message.reason']),
      )
    } finally {
      await engine.close()
    }
  }, 60_000)

  it('a message the database itself refuses inside a shared batch is isolated (422 naming the field); the rest of its batch commits', async () => {
    // a vote type whose rows carry a NUL for "poison" votes: it passes every check, and Postgres
    // refuses the whole statement it is in, as it did for a NUL reason before the check up front
    const engine = makeEngine((type) => ({
      ...type,
      async verify(input, context) {
        const verified = await type.verify(input, context)
        if (input.message.reason.startsWith('poison')) verified.row = { ...verified.row, reason: `${verified.row.reason}\u0000` }
        return verified
      },
      // the engine's path for a request: the same poison through the batch verification
      async verifyMany(inputs, context) {
        const outcomes = await type.verifyMany!(inputs, context)
        return outcomes.map((verified, i) =>
          verified instanceof Error || !inputs[i]!.message.reason.startsWith('poison') ? verified : { ...verified, row: { ...verified.row, reason: `${verified.row.reason}\u0000` } },
        )
      },
    }))
    try {
      const honest = await signHonest(200)
      const t = Math.floor(Date.now() / 1000) - 100
      const poison = await Promise.all(Array.from({ length: 20 }, (_, i) => signVote(voters[3]!, targets[i % 3]!, { reason: `poison ${i}`, timestamp: t + i })))
      const results = await drive(engine, honest, poison, 100)
      const honestFailures = results.filter((r) => r.honest && isError(r.outcome))
      expect(honestFailures.map((r) => (r.outcome as BaseError).message)).toEqual([])
      const poisoned = results.filter((r) => !r.honest).map((r) => r.outcome as BaseError)
      expect(poisoned.every((outcome) => isError(outcome) && outcome.code === 'validation' && outcome.details?.field === 'message.reason')).toBe(true)
      // every honest vote is in the log, and no poison one
      expect(await countIndexedVotes(database.sql, honest.map((vote) => (vote as VoteInput & { id: string }).id))).toBe(honest.length)
      expect(await countIndexedVotes(database.sql, poison.map((vote) => (vote as VoteInput & { id: string }).id))).toBe(0)
    } finally {
      await engine.close()
    }
  }, 60_000)
})
