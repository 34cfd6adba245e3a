import type { Address, Hex } from 'viem'
import type { SqlQueryable } from '../../db/types'
import { InvariantError, NotFoundError, ValidationError } from '../../errors'
import { getReceipt, type GetReceiptReturnType } from '../../intake/get-receipt'
import { ballotFromVote, votingTypeOf } from '../ballot-from-vote'
import type { VoteBallot } from '../../chain/vote-typed-data'
import { onChainProposalId } from './vote-leaf'
import { buildVotesTree, loadCountedVotes, voteLeafHash, type VoteLeafJson, type VotesTree } from './votes-tree'

/** Where a proposal's result is (or will be) settled. */
export type VoteReceiptSettlement = {
  chainId: number
  /** The ArborSettlement contract; null when none is configured and the proposal is not settled. */
  address: Address | null
  txHash?: Hex
  blockNumber?: string
  /** `open`: no result computed yet; otherwise the result's `settlement_status`. */
  status: 'open' | 'pending' | 'submitted' | 'confirmed' | 'failed'
}

/**
 * What the receipt page and `arbor receipt verify` need (SPEC-12). JSON-safe: amounts are decimal
 * strings, times ISO 8601.
 * - `counted`: the proposal is settled (its result confirmed on chain) and this vote is a leaf of its votes tree: `leaf`, `proof`,
 *   `votesRoot` (verify against `ArborSettlement.proposalResult(onChainProposalId).votesRoot`);
 * - `superseded`: a later vote of the same voter replaced it; `supersededBy` is that vote's id;
 * - `accepted`: the voter's latest vote, the proposal not settled yet: `intake` (when it came
 *   through the intake engine) proves it is in the log, up to the posted checkpoint.
 */
export type VoteReceipt = {
  vote: {
    id: Hex
    proposalId: string
    onChainProposalId: Hex
    voter: Address
    choice: VoteBallot
    /** Base units (wei), decimal string. A superseded vote shows its voter's power at the snapshot (the counted vote's). */
    votingPower: string
    reason: string
    /** The signed message's timestamp, ISO 8601. */
    timestamp: string
  }
  status: 'counted' | 'superseded' | 'accepted'
  supersededBy?: Hex
  leaf?: { values: VoteLeafJson; hash: Hex }
  proof?: Hex[]
  votesRoot?: Hex
  /** The intake engine's receipt (batch proof, checkpoint path); absent for votes written without the intake (the demo seed). */
  intake?: GetReceiptReturnType
  settlement: VoteReceiptSettlement
}

export type GetVoteReceiptParameters = {
  /** The vote's id: its signed message's EIP-712 digest, 0x + 64 hex. */
  voteId: string
  /** The configured ArborSettlement, shown while the proposal is not settled (then the stored one is). */
  settlementAddress?: string | null
}

const VOTE_ID = /^0x[0-9a-fA-F]{64}$/

type HolderRow = { message_id: string; voter: string; choice: VoteBallot; power: string; reason: string; timestamp: Date }
type ProposalRow = {
  id: string
  voting_type: string
  choice_count: number
  max_picks: number | null
  chain_id: number
  result_root: string | null
  result_status: VoteReceiptSettlement['status'] | null
  result_chain_id: number | null
  result_address: string | null
  tx_hash: string | null
  block_number: string | null
}

// The votes trees of the last few settled proposals a receipt was asked for, by `proposalId:root`.
const trees = new Map<string, { tree: VotesTree; index: Map<string, number> }>()
const TREES_KEPT = 4

async function settledTree(sql: SqlQueryable, proposalId: string, root: string): Promise<{ tree: VotesTree; index: Map<string, number> }> {
  const key = `${proposalId}:${root}`
  const cached = trees.get(key)
  if (cached) return cached
  const votes = await loadCountedVotes(sql, { proposalId })
  const tree = buildVotesTree(votes)
  if (tree.root !== root.toLowerCase()) {
    throw new InvariantError(`the counted votes of proposal ${proposalId} no longer build its settled votes root ${root} (they build ${tree.root})`)
  }
  const entry = { tree, index: new Map(votes.map((vote, i) => [vote.id, i])) }
  if (trees.size >= TREES_KEPT) trees.delete(trees.keys().next().value!)
  trees.set(key, entry)
  return entry
}

/**
 * The receipt of one vote (SPEC-12 shape). Throws `ValidationError` (field `id`) for an id that is
 * not 0x + 64 hex, `NotFoundError` for a vote Arbor never accepted. A vote is found in the intake
 * log (getReceipt: `vote_ids`, by id) or, for votes written without the intake (the demo seed), in
 * `votes` by `message_id`. Its status is derived now from who holds (proposal, voter) in `votes`.
 * A counted vote's proof comes from the proposal's votes tree, rebuilt from `votes` and checked
 * against the stored `votes_root` (the last few trees are kept in memory).
 */
export async function getVoteReceipt(sql: SqlQueryable, { voteId, settlementAddress = null }: GetVoteReceiptParameters): Promise<VoteReceipt> {
  if (!VOTE_ID.test(voteId)) throw new ValidationError('the id must be a vote id: its 32-byte EIP-712 digest, 0x + 64 hex', { field: 'id' })
  const id = voteId.toLowerCase() as Hex

  let intake: GetReceiptReturnType | undefined
  try {
    intake = await getReceipt(sql, { id })
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error
  }
  if (intake && intake.message.kind !== 'vote') throw new NotFoundError(`no vote ${id}: it is a ${intake.message.kind} message`, { field: 'id' })

  let proposalId: string
  let holder: HolderRow | undefined
  const holderColumns = 'message_id, voter, choice, voting_power::text AS power, reason, timestamp'
  if (intake) {
    proposalId = intake.message.shardKey
    const voter = String((intake.message.payload as { voter?: unknown }).voter ?? '').toLowerCase()
    ;({ rows: [holder] } = await sql.query<HolderRow>(`SELECT ${holderColumns} FROM votes WHERE proposal_id = $1::uuid AND voter = $2`, [proposalId, voter]))
  } else {
    const { rows: [row] } = await sql.query<HolderRow & { proposal_id: string }>(
      `SELECT proposal_id::text AS proposal_id, ${holderColumns} FROM votes WHERE lower(message_id) = $1 LIMIT 1`,
      [id],
    )
    if (!row) throw new NotFoundError(`no vote ${id} was accepted`, { field: 'id' })
    proposalId = row.proposal_id
    holder = row
  }

  const { rows: [proposal] } = await sql.query<ProposalRow>(
    `SELECT p.id::text AS id, p.voting_type::text AS voting_type, cardinality(p.choices) AS choice_count, p.max_picks, s.chain_id,
            r.votes_root AS result_root, r.status::text AS result_status, r.chain_id AS result_chain_id, r.settlement_address AS result_address,
            r.tx_hash, r.block_number::text AS block_number
     FROM proposals p JOIN spaces s ON s.id = p.space_id LEFT JOIN proposal_results r ON r.proposal_id = p.id
     WHERE p.id = $1::uuid`,
    [proposalId],
  )
  if (!proposal) throw new NotFoundError(`the proposal of vote ${id} no longer exists`, { field: 'id', proposalId })

  const isHolder = holder !== undefined && holder.message_id.toLowerCase() === id
  let vote: VoteReceipt['vote']
  if (isHolder) {
    vote = {
      id,
      proposalId,
      onChainProposalId: onChainProposalId(proposalId),
      voter: holder!.voter.toLowerCase() as Address,
      choice: holder!.choice,
      votingPower: holder!.power,
      reason: holder!.reason,
      timestamp: new Date(holder!.timestamp).toISOString(),
    }
  } else {
    // Superseded: the signed message in the log is all there is of it.
    if (!intake) throw new NotFoundError(`no vote ${id} was accepted`, { field: 'id' })
    const message = intake.message.payload as { voter: string; choices: (number | string)[]; weights: (number | string)[]; reason?: string; timestamp: number | string }
    let choice: VoteBallot
    try {
      choice = ballotFromVote({ type: votingTypeOf(proposal.voting_type), choices: Number(proposal.choice_count), maxPicks: proposal.max_picks, vote: message })
    } catch {
      choice = message.choices.map(Number)
    }
    vote = {
      id,
      proposalId,
      onChainProposalId: onChainProposalId(proposalId),
      voter: message.voter.toLowerCase() as Address,
      choice,
      votingPower: holder?.power ?? '0',
      reason: message.reason ?? '',
      timestamp: new Date(Number(message.timestamp) * 1000).toISOString(),
    }
  }

  const settlement: VoteReceiptSettlement = {
    chainId: proposal.result_chain_id ?? proposal.chain_id,
    address: ((proposal.result_address ?? settlementAddress)?.toLowerCase() ?? null) as Address | null,
    status: proposal.result_status ?? 'open',
    ...(proposal.tx_hash ? { txHash: proposal.tx_hash as Hex } : {}),
    ...(proposal.block_number ? { blockNumber: proposal.block_number } : {}),
  }
  const receipt: VoteReceipt = { vote, status: 'accepted', settlement, ...(intake ? { intake } : {}) }
  if (!isHolder) {
    return { ...receipt, status: 'superseded', ...(holder ? { supersededBy: holder.message_id.toLowerCase() as Hex } : {}) }
  }
  // Counted only once the chain has the root: a result prepared or submitted is not settled yet.
  if (proposal.result_root === null || proposal.result_status !== 'confirmed') return receipt

  const { tree, index } = await settledTree(sql, proposalId, proposal.result_root)
  const at = index.get(id)
  if (at === undefined) throw new InvariantError(`vote ${id} holds its voter's place but is not in the settled votes tree of ${proposalId}`)
  const values = tree.leafOf(at)
  return { ...receipt, status: 'counted', leaf: { values, hash: voteLeafHash(values) }, proof: tree.proofOf(at), votesRoot: tree.root }
}
