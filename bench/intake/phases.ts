/**
 * `node --import tsx bench/intake/phases.ts [votes]`: the vote writer's Node-side work per phase,
 * µs of CPU a vote (process.cpuUsage), without a database: the steps write-batch.ts runs for a log
 * type on batches of 1,000 votes (bench/intake/case.ts's mix: 5% re-votes, 1% duplicates), calling
 * its own functions (firstOfEachId, batchWinners, treeOf, insertBatches, logRows, the vote type's
 * `append`, logOutcomes), and pg's own serialization of each statement's parameters (what
 * `client.query` does before the socket). Medians of 5 rounds. Hot
 * caches and no socket, so the sum is a floor: the writer in case.ts also pays the pg protocol and
 * socket writes, GC, and cache misses on messages that arrived long before.
 */
import { randomBytes } from 'node:crypto'
import { createRequire } from 'node:module'
import type { AnyMessageType, SqlQueryable, VerifiedMessage } from '@/lib/intake/types'
import { batchWinners, firstOfEachId, insertBatches, logOutcomes, logRows, treeOf, type Part } from '@/lib/intake/write-batch'
import { createVoteMessageType, type VoteRow } from '@/lib/intake/vote-message'

type Vote = VerifiedMessage<VoteRow>

/** Batches of 1,000 votes to one proposal: 5% re-votes, 1% duplicates (as case.ts generates them). */
export function generateBatches(total: number): Vote[][] {
  const proposal = '00000000-0000-4000-8000-000000000001'
  const batches: Vote[][] = []
  for (let b = 0; b < total / 1000; b++) {
    const list: Vote[] = []
    for (let i = 0; i < 1000; i++) {
      const roll = Math.random()
      if (roll < 0.01 && list.length > 0) {
        list.push(list[Math.floor(Math.random() * list.length)]!)
        continue
      }
      const voter = roll < 0.06 && list.length > 0 ? list[Math.floor(Math.random() * list.length)]!.key : `0x${randomBytes(20).toString('hex')}`
      const timestamp = String(1_700_000_000 + b * 1000 + i)
      list.push({
        kind: 'vote', id: `0x${randomBytes(32).toString('hex')}`, shardKey: proposal, key: voter, signer: voter, signature: `0x${'ab'.repeat(65)}`, rank: BigInt(timestamp),
        payload: { voter, proposal, choices: ['1'], weights: [], reason: '', timestamp },
        row: { proposalId: proposal, voter, choice: '1', reason: '', votingPower: '1000000000000000000000', timestamp },
      })
    }
    batches.push(list)
  }
  return batches
}

/** pg's parameter serialization (arrays become array literals), as client.query runs it. */
const { prepareValue } = createRequire(import.meta.url)('pg/lib/utils') as { prepareValue: (value: unknown) => unknown }
export const serialize = (values: readonly unknown[]) => values.map((value) => prepareValue(value))

export type Phase<S> = (batch: Vote[], state: S) => void | Promise<void>

/** Runs each phase over every batch, `rounds` times; prints the median µs a vote of each and their sum. */
export async function timePhases<S>(batches: Vote[][], phases: Record<string, Phase<S>>, rounds = 5): Promise<Record<string, number>> {
  const total = batches.reduce((n, batch) => n + batch.length, 0)
  const spent: Record<string, number[]> = {}
  for (let r = 0; r < rounds; r++) {
    const sums: Record<string, number> = {}
    for (const batch of batches) {
      const state = {} as S
      for (const [name, phase] of Object.entries(phases)) {
        const t = process.cpuUsage()
        await phase(batch, state)
        const d = process.cpuUsage(t)
        sums[name] = (sums[name] ?? 0) + d.user + d.system
      }
    }
    for (const [name, us] of Object.entries(sums)) (spent[name] ??= []).push(us / total)
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
  const result = Object.fromEntries(Object.entries(spent).map(([name, xs]) => [name, Number(median(xs).toFixed(2))]))
  for (const [name, us] of Object.entries(result)) console.log(`${us.toFixed(2).padStart(7)} µs/vote  ${name}`)
  console.log(`${Object.values(result).reduce((s, us) => s + us, 0).toFixed(2).padStart(7)} µs/vote  total`)
  return result
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const type: AnyMessageType = createVoteMessageType({ getProposal: async () => undefined, getVotingPowers: async (_p, voters) => voters.map(() => 0n) })
  // a transaction that serializes each statement's parameters as pg would, and answers the batch row
  const tx = {
    async query(_text: string, values: unknown[]) {
      serialize(values)
      return { rows: [{ id: 1, shard: 1, seq: 1, root: '0x', count: 0 }] }
    },
  } as unknown as SqlQueryable
  await timePhases<{ part: Part }>(generateBatches(Number(process.argv[2] ?? 200_000)), {
    'dedupe (firstOfEachId: ids parsed once, an id table)': (batch, s) => {
      s.part = { shard: { type, shardKey: batch[0]!.shardKey, messages: batch }, number: 1, batchId: 1, ...firstOfEachId(batch), candidates: [], logged: [], status: new Map(), refused: new Map() }
    },
    'the batch rule (batchWinners)': (_batch, s) => {
      s.part.winnerAt = batchWinners(s.part.fresh)
    },
    'batch tree + leaf order (treeOf)': (_batch, s) => treeOf(s.part),
    'batch row (insertBatches: root, tree; no JSON for votes) + pg serialize': (_batch, s) => insertBatches(tx, [s.part]),
    'vote_log append (logRows + append: a packed row a batch) + pg serialize': (_batch, s) => {
      const { rows, ids } = logRows([s.part])
      serialize(type.append!(rows, ids).values)
    },
    'ack objects (logOutcomes: receipts with their proofs)': (_batch, s) => void logOutcomes(s.part),
  })
}
