import type { PublicClient } from 'viem'
import type { SqlQueryable } from '../db/types'
import { votingTypeOf } from '../governance/ballot-from-vote'
import { explainNoVotingPower } from '../governance/explain-no-voting-power'
import { getAllocationPower } from '../governance/get-allocation-power'
import { getVotingPower } from '../governance/get-voting-power'
import { isValidContractSignature } from './is-valid-contract-signature'
import type { VoteEligibility, VoteProposal } from './vote-message'

export type CreateVoteEligibilityParameters = {
  sql: SqlQueryable
  /** Reads `getPastVotes` (multicall) from the space's token; ERC-1271 checks. */
  client: Pick<PublicClient, 'readContract' | 'multicall' | 'chain' | 'getBlockNumber'>
  /** How long a proposal row is trusted, in ms. Default 2 000. */
  proposalTtlMs?: number
  /** Voting power entries kept, all proposals together (power at a past block never changes). Default 200 000. */
  maxCachedPowers?: number
  /** How long lookups wait to share one multicall, in ms. Default 2. */
  powerBatchMs?: number
}

/** Where a proposal's voting power comes from, as a cache key: proposals sharing it share every voter's power. */
function sourceOf(proposal: VoteProposal): string {
  const source = proposal.powerSource
  return source.kind === 'campaign' ? `campaign:${source.campaignId}` : `token:${proposal.chainId}:${proposal.token}:${proposal.snapshotBlock}`
}

type ProposalRow = {
  id: string
  chain_id: number
  token_address: string
  snapshot_block: string
  start_at: number
  end_at: number
  state: VoteProposal['state']
  choice_count: number
  voting_type: string
  max_picks: number | null
  power_source: string | null
  campaign_id: string | null
}

/**
 * Votes' eligibility from the database (proposal, space) and the chain. Voting power is the
 * token's `getPastVotes` at the snapshot block, or, for a space whose `power_source` is
 * `campaign`, the voter's allocation in that airdrop campaign. Lookups arriving within
 * `powerBatchMs` of each other share one multicall (or one SQL query) per power source, and every
 * answer is cached in memory keyed by its source (the campaign, or the token and snapshot block),
 * not by proposal: a voter's power on every proposal of a campaign-powered space is one lookup.
 * Power at a past block never changes, so the cache is never stale, and the counted power is
 * stored with each vote anyway (`votes.voting_power`), so a table would only add a write on the
 * hot path. Each instance fills its own cache.
 */
export function createVoteEligibility({ sql, client, proposalTtlMs = 2_000, maxCachedPowers = 200_000, powerBatchMs = 2 }: CreateVoteEligibilityParameters): VoteEligibility {
  const proposals = new Map<string, { at: number; value: Promise<VoteProposal | undefined> }>()
  /** power source (sourceOf) → voter → power (the lookup's promise until it settles). */
  const powers = new Map<string, Map<string, bigint | Promise<bigint>>>()
  let cachedPowers = 0
  /** power source → voters waiting for the next batch (looked up through one of its proposals). */
  const pending = new Map<string, { proposal: VoteProposal; voters: Map<string, { resolve: (power: bigint) => void; reject: (error: unknown) => void }> }>()
  let timer: ReturnType<typeof setTimeout> | undefined

  function flush() {
    timer = undefined
    const batches = [...pending.values()]
    pending.clear()
    for (const { proposal, voters } of batches) {
      const list = [...voters.keys()]
      const lookup =
        proposal.powerSource.kind === 'campaign'
          ? getAllocationPower(sql, { campaignId: proposal.powerSource.campaignId, accounts: list })
          : getVotingPower(client, { token: proposal.token, snapshotBlock: proposal.snapshotBlock, voters: list }).then(({ powers: values }) => values)
      lookup.then(
        (values) => list.forEach((voter, i) => voters.get(voter)!.resolve(values[i]!)),
        (error: unknown) => list.forEach((voter) => voters.get(voter)!.reject(error)),
      )
    }
  }

  /** A voter's power: the value once known (no promise to await), else the lookup under way or a new one. */
  function powerOf(source: string, proposal: VoteProposal, voter: string): bigint | Promise<bigint> {
    let byVoter = powers.get(source)
    const known = byVoter?.get(voter)
    if (known !== undefined) return known
    if (cachedPowers >= maxCachedPowers) {
      powers.clear()
      cachedPowers = 0
    }
    if (!byVoter) powers.set(source, (byVoter = new Map()))
    const power = new Promise<bigint>((resolve, reject) => {
      let batch = pending.get(source)
      if (!batch) pending.set(source, (batch = { proposal, voters: new Map() }))
      batch.voters.set(voter, { resolve, reject })
      timer ??= setTimeout(flush, powerBatchMs)
    })
    const entries = byVoter
    power.then(
      (value) => {
        if (entries.get(voter) === power) entries.set(voter, value)
      },
      () => {
        if (entries.get(voter) === power) {
          entries.delete(voter)
          cachedPowers--
        }
      },
    )
    byVoter.set(voter, power)
    cachedPowers++
    return power
  }

  return {
    getProposal(proposalId) {
      const cached = proposals.get(proposalId)
      if (cached && Date.now() - cached.at < proposalTtlMs) return cached.value
      // power_source and campaign_id are read through to_jsonb(s) so this works before and after
      // the spaces table gains them (the governance admin adds those columns).
      const value = sql
        .query<ProposalRow>(
          `SELECT p.id, s.chain_id, s.token_address, p.snapshot_block::text, extract(epoch FROM p.start_at)::int8::float8 AS start_at,
                  extract(epoch FROM p.end_at)::int8::float8 AS end_at, p.state::text AS state, cardinality(p.choices) AS choice_count,
                  p.voting_type::text AS voting_type, p.max_picks, to_jsonb(s) ->> 'power_source' AS power_source, to_jsonb(s) ->> 'campaign_id' AS campaign_id
           FROM proposals p JOIN spaces s ON s.id = p.space_id WHERE p.id = $1::uuid`,
          [proposalId],
        )
        .then(({ rows: [row] }) =>
          row
            ? {
                id: row.id,
                chainId: row.chain_id,
                token: row.token_address.toLowerCase(),
                snapshotBlock: BigInt(row.snapshot_block),
                startAt: Number(row.start_at),
                endAt: Number(row.end_at),
                state: row.state,
                choiceCount: Number(row.choice_count),
                votingType: votingTypeOf(row.voting_type),
                maxPicks: row.max_picks,
                powerSource: row.power_source === 'campaign' && row.campaign_id ? { kind: 'campaign' as const, campaignId: row.campaign_id } : { kind: 'token' as const },
              }
            : undefined,
        )
      value.catch(() => proposals.delete(proposalId))
      if (proposals.size > 10_000) proposals.clear()
      proposals.set(proposalId, { at: Date.now(), value })
      return value
    },
    getVotingPowers(proposal, voters) {
      const source = sourceOf(proposal)
      const values = voters.map((voter) => powerOf(source, proposal, voter))
      // a request of cached voters: one settled promise, none a voter
      return values.every((value) => typeof value === 'bigint') ? Promise.resolve(values as bigint[]) : Promise.all(values)
    },
    async explainNoVotingPower(proposal, voter) {
      if (proposal.powerSource.kind === 'campaign') {
        return { reason: 'no-allocation', message: `${voter} has no allocation in the airdrop campaign that gives this space its voting power.` }
      }
      return explainNoVotingPower(client, { token: proposal.token, snapshotBlock: proposal.snapshotBlock, voter })
    },
    isValidContractSignature: (params) => isValidContractSignature(client, params),
  }
}
