import type { PublicClient } from 'viem'
import type { SqlQueryable } from '../db/types'
import { isValidContractSignature } from './is-valid-contract-signature'
import type { VoteEligibility, VoteProposal } from './vote-message'

export type CreateVoteEligibilityParameters = {
  sql: SqlQueryable
  /** Reads `getPastVotes` from the space's token; ERC-1271 checks. */
  client: Pick<PublicClient, 'readContract'>
  /** How long a proposal row is trusted, in ms. Default 2 000. */
  proposalTtlMs?: number
  /** Voting power entries kept (power at a past block never changes). Default 200 000. */
  maxCachedPowers?: number
}

const getPastVotesAbi = [
  {
    type: 'function',
    name: 'getPastVotes',
    stateMutability: 'view',
    inputs: [
      { name: 'account', type: 'address' },
      { name: 'timepoint', type: 'uint256' },
    ],
    outputs: [{ name: '', type: 'uint256' }],
  },
] as const

/**
 * Votes' eligibility from the database (proposal, space) and the chain (ERC20Votes `getPastVotes`
 * at the proposal's snapshot block). Until the governance issue lands its own sources, this is it.
 */
export function createVoteEligibility({ sql, client, proposalTtlMs = 2_000, maxCachedPowers = 200_000 }: CreateVoteEligibilityParameters): VoteEligibility {
  const proposals = new Map<string, { at: number; value: Promise<VoteProposal | undefined> }>()
  const powers = new Map<string, Promise<bigint>>()
  return {
    getProposal(proposalId) {
      const cached = proposals.get(proposalId)
      if (cached && Date.now() - cached.at < proposalTtlMs) return cached.value
      const value = sql
        .query<{ id: string; chain_id: number; token_address: string; snapshot_block: string; start_at: number; end_at: number; state: VoteProposal['state']; choice_count: number }>(
          `SELECT p.id, s.chain_id, s.token_address, p.snapshot_block::text, extract(epoch FROM p.start_at)::int8::float8 AS start_at,
                  extract(epoch FROM p.end_at)::int8::float8 AS end_at, p.state::text AS state, cardinality(p.choices) AS choice_count
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
              }
            : undefined,
        )
      value.catch(() => proposals.delete(proposalId))
      if (proposals.size > 10_000) proposals.clear()
      proposals.set(proposalId, { at: Date.now(), value })
      return value
    },
    getVotingPower(proposal, voter) {
      const key = `${proposal.token}:${proposal.snapshotBlock}:${voter}`
      let power = powers.get(key)
      if (!power) {
        power = client.readContract({
          address: proposal.token as `0x${string}`,
          abi: getPastVotesAbi,
          functionName: 'getPastVotes',
          args: [voter as `0x${string}`, proposal.snapshotBlock],
        })
        power.catch(() => powers.delete(key))
        if (powers.size >= maxCachedPowers) powers.clear()
        powers.set(key, power)
      }
      return power
    },
    isValidContractSignature: (params) => isValidContractSignature(client, params),
  }
}
