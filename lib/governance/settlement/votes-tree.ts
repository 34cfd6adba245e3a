import { keccak256, toBytes, type Address, type Hex } from 'viem'
import type { SqlQueryable } from '../../db/types'
import { buildTree } from '../../merkle/build-tree'
import { getProof } from '../../merkle/get-proof'
import { bytesToHex } from '../../merkle/hex'
import { standardLeafHash } from '../../merkle/standard-leaf-hash'
import type { MerkleTree } from '../../merkle/tree'
import { ballotHash, VOTE_LEAF_ENCODING, type CountedVote } from './vote-leaf'

/**
 * The votes root of a proposal settled with no votes. `ArborSettlement` refuses a zero root
 * (`EmptyRoot`), so "nobody voted" commits this fixed value instead: `keccak256("arbor:no-votes")`,
 * with `voteCount` 0. No proof verifies against it (a standard leaf would need a keccak preimage
 * of it), so no vote can ever be shown as counted in an empty result.
 */
export const EMPTY_VOTES_ROOT: Hex = keccak256(toBytes('arbor:no-votes'))

/** A counted vote as stored: the leaf's fields plus what the receipt and the export show. */
export type StoredVote = CountedVote & { reason: string; timestamp: Date; batchId: number | null }

/**
 * The counted votes of a proposal: one row per voter in `votes` (the intake keeps each voter's
 * latest; superseded votes are not there), in no particular order (the tree sorts its leaves).
 */
export async function loadCountedVotes(sql: SqlQueryable, { proposalId }: { proposalId: string }): Promise<StoredVote[]> {
  const { rows } = await sql.query<{ message_id: string; voter: string; choice: CountedVote['choice']; power: string; reason: string; timestamp: Date; batch_id: number | null }>(
    'SELECT message_id, voter, choice, voting_power::text AS power, reason, timestamp, batch_id FROM votes WHERE proposal_id = $1::uuid',
    [proposalId],
  )
  return rows.map((row) => ({
    id: row.message_id.toLowerCase() as Hex,
    voter: row.voter.toLowerCase() as Address,
    choice: row.choice,
    votingPower: BigInt(row.power),
    reason: row.reason,
    timestamp: new Date(row.timestamp),
    batchId: row.batch_id,
  }))
}

/** A vote leaf's values as JSON carries them: `[id, voter, ballotHash, votingPower (decimal string)]`. */
export type VoteLeafJson = [Hex, Address, Hex, string]

export type VotesTree = {
  /** 0x + 64 hex; `EMPTY_VOTES_ROOT` when there are no votes. */
  root: Hex
  count: number
  /** null when there are no votes. */
  tree: MerkleTree | null
  /** The leaf values of vote `i` (of the input order). */
  leafOf(index: number): VoteLeafJson
  /** OpenZeppelin sibling path of vote `i`, leaf to root. */
  proofOf(index: number): Hex[]
}

/**
 * OpenZeppelin's `StandardMerkleTree.of(leaves, VOTE_LEAF_ENCODING)` over the counted votes (leaves
 * sorted by hash, so the root does not depend on the order of `votes`), built by lib/merkle.
 * Ballot hashes are memoized per distinct ballot: most proposals have a handful of them.
 */
export function buildVotesTree(votes: readonly CountedVote[]): VotesTree {
  const hashes = new Map<string, Hex>()
  const values = votes.map((vote): [Hex, Address, Hex, bigint] => {
    const key = JSON.stringify(vote.choice)
    let hash = hashes.get(key)
    if (hash === undefined) hashes.set(key, (hash = ballotHash(vote.choice)))
    return [vote.id, vote.voter, hash, vote.votingPower]
  })
  const tree = values.length === 0 ? null : buildTree({ values, leafEncoding: VOTE_LEAF_ENCODING })
  return {
    root: tree?.root ?? EMPTY_VOTES_ROOT,
    count: values.length,
    tree,
    leafOf: (index) => {
      const [id, voter, hash, power] = values[index]!
      return [id, voter, hash, power.toString()]
    },
    proofOf: (index) => (tree ? getProof(tree, index) : []),
  }
}

/** The standard leaf hash of a vote's leaf values (0x + 64 hex). */
export function voteLeafHash(values: readonly [string, string, string, string | bigint]): Hex {
  return bytesToHex(standardLeafHash(VOTE_LEAF_ENCODING, values))
}
