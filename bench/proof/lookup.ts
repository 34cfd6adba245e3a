/**
 * `node --import tsx bench/proof/lookup.ts [--recipients N] [--lookups N] [--rounds N]`: the library
 * call alone, `getClaimProof` and the proof route's `serveClaimProof`, on an N-recipient tree held in
 * memory, without Postgres (the tree is put into the process cache as `loadServedCampaign` would hold
 * it).
 * `--profile FILE` writes a CPU profile of the lookups alone. Rounds as `bench:proof` walks them: (k * 7919 + round) mod N, so each round meets new leaves.
 */
import { writeFileSync } from 'node:fs'
import { Session } from 'node:inspector/promises'
import { parseArgs } from 'node:util'
import { keccak256, toHex, type Address } from 'viem'
import { getClaimProof } from '@/lib/airdrop/get-claim-proof'
import { serveCompactTree } from '@/lib/airdrop/load-served-campaign'
import { serveClaimProof } from '@/lib/airdrop/serve-claim-proof'
import { CLAIM_LEAF_ENCODING } from '@/lib/airdrop/schema'
import type { Db } from '@/lib/db/types'
import { buildTreeParallel, closeHashWorkers, encodeCompactTree } from '@/lib/merkle'

const { values: flags } = parseArgs({
  options: {
    recipients: { type: 'string', default: '1000000' },
    lookups: { type: 'string', default: '200000' },
    rounds: { type: 'string', default: '3' },
    /** Write a CPU profile of the lookups alone (not the tree's build) to this file. */
    profile: { type: 'string' },
  },
})
const recipients = Number(flags.recipients)
const lookups = Math.min(Number(flags.lookups), recipients)
const log = (line: string) => process.stderr.write(`${line}\n`)

const accounts: Address[] = Array.from({ length: recipients }, (_, i) => `0x${keccak256(toHex(`bench-proof-${i}`)).slice(26)}` as Address)
const tree = await buildTreeParallel({ values: accounts.map((a, i) => [i, a, BigInt(i % 1000 + 1) * 10n ** 18n]), leafEncoding: CLAIM_LEAF_ENCODING })
await closeHashWorkers()
const campaignId = '00000000-0000-4000-8000-000000000001'
const held = serveCompactTree(campaignId, Buffer.from(encodeCompactTree(tree)), true, tree.root)
// what loadServedCampaign keeps for a live campaign: no database read once cached
const cache = ((globalThis as typeof globalThis & { __arborServedCampaigns?: Map<string, unknown> }).__arborServedCampaigns ??= new Map())
cache.set(campaignId, { at: Date.now(), live: true, root: tree.root, bytes: held.bytes.length, value: Promise.resolve(held), resolved: held })
const db = undefined as unknown as Db
const session = flags.profile ? new Session() : undefined
if (session) {
  session.connect()
  await session.post('Profiler.enable')
  await session.post('Profiler.start')
}

for (const [name, call] of [
  ['getClaimProof', (account: string) => getClaimProof(db, { campaignId, account })],
  ['serveClaimProof', (account: string) => serveClaimProof(db, { campaignId, account })],
] as const) {
  const rates: number[] = []
  const cpu: number[] = []
  for (let round = 0; round < Number(flags.rounds); round++) {
    const t = performance.now()
    const c = process.cpuUsage()
    for (let k = 0; k < lookups; k++) await call(accounts[(k * 7919 + round) % recipients]!)
    const used = process.cpuUsage(c)
    rates.push(Math.round(lookups / ((performance.now() - t) / 1000)))
    cpu.push((used.user + used.system) / lookups)
  }
  log(`${name}: ${rates.join(' / ')} lookups/s; CPU ${cpu.map((us) => us.toFixed(1)).join(' / ')} µs a lookup`)
}
if (session) {
  const { profile } = await session.post('Profiler.stop')
  writeFileSync(flags.profile!, JSON.stringify(profile))
  session.disconnect()
}
