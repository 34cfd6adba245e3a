/**
 * `node --import tsx bench/intake/phases.ts [votes]`: the vote writer's Node-side work per phase,
 * µs of CPU a vote (process.cpuUsage), without a database: the steps write-batch.ts runs for a log
 * type on batches of 1,000 votes (bench/intake/case.ts's mix: 5% re-votes, 1% duplicates), calling
 * the same functions (buildBatchTree, the vote type's `append`), and pg's own serialization of each
 * statement's parameters (what `client.query` does before the socket). Medians of 5 rounds. Hot
 * caches and no socket, so the sum is a floor: the writer in case.ts also pays the pg protocol and
 * socket writes, GC, and cache misses on messages that arrived long before.
 */
import { randomBytes } from 'node:crypto'
import { createRequire } from 'node:module'
import { buildBatchTree } from '@/lib/intake/batch-tree'
import type { VerifiedMessage } from '@/lib/intake/types'
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

export type Phase<S> = (batch: Vote[], state: S) => void

/** Runs each phase over every batch, `rounds` times; prints the median µs a vote of each and their sum. */
export function timePhases<S>(batches: Vote[][], phases: Record<string, Phase<S>>, rounds = 5): Record<string, number> {
  const total = batches.reduce((n, batch) => n + batch.length, 0)
  const spent: Record<string, number[]> = {}
  for (let r = 0; r < rounds; r++) {
    const sums: Record<string, number> = {}
    for (const batch of batches) {
      const state = {} as S
      for (const [name, phase] of Object.entries(phases)) {
        const t = process.cpuUsage()
        phase(batch, state)
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

type State = {
  fresh: Vote[]
  freshAt: Int32Array
  winnerAt: Int32Array
  logged: Vote[]
  tree: ReturnType<typeof buildBatchTree>
}

const outranks = (message: Vote, best: Vote) => message.rank > best.rank || (message.rank === best.rank && message.id < best.id)

if (import.meta.url === `file://${process.argv[1]}`) {
  const type = createVoteMessageType({ getProposal: async () => undefined, getVotingPowers: async (_p, voters) => voters.map(() => 0n) })
  timePhases<State>(generateBatches(Number(process.argv[2] ?? 200_000)), {
    'dedupe + the batch rule (by position: freshAt, winnerAt)': (batch, s) => {
      const at = new Map<string, number>()
      s.fresh = []
      s.freshAt = new Int32Array(batch.length)
      for (let p = 0; p < batch.length; p++) {
        const message = batch[p]!
        const first = at.get(message.id)
        if (first !== undefined) s.freshAt[p] = first
        else {
          s.freshAt[p] = s.fresh.length
          at.set(message.id, s.fresh.length)
          s.fresh.push(message)
        }
      }
      const slotOf = new Map<string, { best: number }>()
      const slots: { best: number }[] = new Array(s.fresh.length)
      for (let i = 0; i < s.fresh.length; i++) {
        const message = s.fresh[i]!
        let slot = slotOf.get(message.key)
        if (slot === undefined) slotOf.set(message.key, (slot = { best: i }))
        else if (outranks(message, s.fresh[slot.best]!)) slot.best = i
        slots[i] = slot
      }
      s.winnerAt = new Int32Array(s.fresh.length)
      for (let i = 0; i < s.fresh.length; i++) s.winnerAt[i] = slots[i]!.best
    },
    'batch tree (leaves, sort, levels)': (_batch, s) => {
      s.tree = buildBatchTree(s.fresh.map((message) => message.id))
    },
    'leaf order': (_batch, s) => {
      s.logged = Array.from(s.tree.leafOrder, (i) => s.fresh[i]!)
    },
    'batch row params (root, tree; no JSON for votes) + pg serialize': (_batch, s) => {
      serialize([[1], [2], [s.tree.root], [s.logged.length], ['vote'], ['p'], [0], Buffer.concat([s.tree.nodes]), Buffer.from('[]'), [0], [2]])
    },
    'vote_log append params (a packed row a batch) + pg serialize': (_batch, s) => {
      const n = s.logged.length
      serialize(type.append!(s.logged.map((message, k) => ({ message, batchId: 1, node: 2 * n - 2 - k }))).values)
    },
    'ack objects (receipt, proof built when read)': (batch, s) => {
      const row = { id: 1, shard: 1, seq: 1, root: s.tree.root, count: s.logged.length }
      const tree = s.tree
      batch.map((message, p) => {
        const i = s.freshAt[p]!
        const winner = s.winnerAt[i]!
        const result: Record<string, unknown> = {
          id: message.id,
          status: winner === i ? 'accepted' : 'superseded',
          batchSeq: 1,
          receipt: {
            batch: row,
            get proof() {
              return tree.proofAt(i)
            },
          },
        }
        if (winner !== i) result.supersededBy = s.fresh[winner]!.id
        return result
      })
    },
  })
}
