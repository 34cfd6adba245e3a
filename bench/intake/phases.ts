/**
 * `node --import tsx bench/intake/phases.ts [votes]`: the vote writer's Node-side work per phase,
 * µs of CPU a vote, without a database: the same functions write-batch.ts calls on batches of
 * 1,000 votes (bench/intake/case.ts's mix: 5% re-votes, 1% duplicates), and pg's serialization of
 * each statement's parameters (what `client.query` does before the socket). Medians of 5 rounds.
 */
import { randomBytes } from 'node:crypto'
import { createRequire } from 'node:module'
import type { VerifiedMessage } from '@/lib/intake/types'
import { createVoteMessageType, type VoteRow } from '@/lib/intake/vote-message'

const total = Number(process.argv[2] ?? 200_000)
const proposal = '00000000-0000-4000-8000-000000000001'
const base = 1_700_000_000
const batches: VerifiedMessage<VoteRow>[][] = []
for (let b = 0; b < total / 1000; b++) {
  const list: VerifiedMessage<VoteRow>[] = []
  for (let i = 0; i < 1000; i++) {
    const roll = Math.random()
    if (roll < 0.01 && list.length > 0) {
      list.push(list[Math.floor(Math.random() * list.length)]!)
      continue
    }
    const voter = roll < 0.06 && list.length > 0 ? list[Math.floor(Math.random() * list.length)]!.key : `0x${randomBytes(20).toString('hex')}`
    const timestamp = String(base + b * 1000 + i)
    list.push({
      kind: 'vote', id: `0x${randomBytes(32).toString('hex')}`, shardKey: proposal, key: voter, signer: voter, signature: `0x${'ab'.repeat(65)}`, rank: BigInt(timestamp),
      payload: { voter, proposal, choices: ['1'], weights: [], reason: '', timestamp },
      row: { proposalId: proposal, voter, choice: '1', reason: '', votingPower: '1000000000000000000000', timestamp },
    })
  }
  batches.push(list)
}
const type = createVoteMessageType({ getProposal: async () => undefined, getVotingPower: async () => 0n })
// pg's own parameter serialization (arrays become array literals), as client.query runs it
const { prepareValue } = createRequire(import.meta.url)('pg/lib/utils') as { prepareValue: (value: unknown) => unknown }
const serialize = (values: unknown[]) => values.map((v) => prepareValue(v))

export type Phase = (batch: VerifiedMessage<VoteRow>[], state: Record<string, unknown>) => void
export function timePhases(phases: Record<string, Phase>, rounds = 5) {
  const spent: Record<string, number[]> = {}
  for (let r = 0; r < rounds; r++) {
    const sums: Record<string, number> = {}
    for (const batch of batches) {
      const state: Record<string, unknown> = {}
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
  const rows = Object.entries(spent).map(([name, xs]) => [name, median(xs)] as const)
  for (const [name, us] of rows) console.log(`${us.toFixed(2).padStart(7)} µs/vote  ${name}`)
  console.log(`${rows.reduce((s, [, us]) => s + us, 0).toFixed(2).padStart(7)} µs/vote  total`)
}

export { batches, type, serialize }
