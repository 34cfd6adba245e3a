import type { Address, Hex } from 'viem'
import { voteArraysOf, type VoteBallot } from '../../chain/vote-typed-data'
import type { SqlQueryable } from '../../db/types'
import { BaseError, InvariantError, NotFoundError } from '../../errors'
import type { OutcomeName } from './compute-settlement'
import { VOTE_DOMAIN } from '../../chain/vote-typed-data'
import { firstInclusionsOf, type LoggedMessage } from '../../intake/get-receipt'
import { loggedVoteOf, loggedVotes, unpackedVoteColumns, type LoggedVoteRow } from '../../intake/vote-message'
import { onChainProposalId, VOTE_LEAF_ENCODING } from './vote-leaf'
import { buildVotesTree, loadCountedVotes, type VoteLeafJson } from './votes-tree'

/** The export's format tag; `arbor tally verify` refuses any other. */
export const SETTLED_EXPORT_FORMAT = 'arbor.settled-proposal/1'

/**
 * Everything needed to audit a settled proposal without Arbor: every counted vote with its leaf
 * values, ballot and proof; the tally's inputs (voting type, choices, quorum, each ballot's power);
 * the committed roots and hashes; where they were settled. Amounts are decimal strings (wei).
 */
export type SettledProposalExport = {
  format: typeof SETTLED_EXPORT_FORMAT
  proposal: {
    id: string
    /** keccak256(bytes(id)): the proposal's id in ArborSettlement. */
    onChainProposalId: Hex
    title: string
    /** As stored: `basic`, `single_choice`, `ranked_choice`... */
    votingType: string
    /** The choices' names; their count is the tally's `choices`. */
    choices: string[]
    maxPicks: number | null
    /** The space's quorum, wei ("0": none). */
    quorum: string
    snapshotBlock: string
    startAt: string
    endAt: string
    actions: { target: string; value: string; calldata: string }[]
    /** The space's ArborExecutor when settled (binds `actionsHash`), or null. */
    executor: string | null
  }
  settlement: { chainId: number; address: Address; txHash: Hex | null; blockNumber: string | null; settledAt: string | null; status: string }
  /** The EIP-712 domain the votes were signed under (`Arbor Vote`, the space's chain and voting token). */
  voteDomain: { name: string; version: string; chainId: number; verifyingContract: Address }
  result: {
    votesRoot: Hex
    tallyHash: Hex
    voteCount: number
    outcome: OutcomeName
    actionsHash: Hex
    /** The stored tally (bigints as decimal strings), for reading; `arbor tally verify` recomputes it. */
    tally: unknown
  }
  leafEncoding: string[]
  votes: Array<{
    id: Hex
    voter: Address
    choice: VoteBallot
    /** The ballot as signed: `voteArraysOf(choice)`; its ABI hash is the leaf's third value. */
    ballot: { choices: number[]; weights: number[] }
    votingPower: string
    reason: string
    timestamp: string
    leaf: VoteLeafJson
    proof: Hex[]
    /**
     * The signed `Vote` as the intake logged it, and its signature: `hashTypedData(voteDomain, message)`
     * is `id`. Absent for votes written without the intake (the demo seed).
     */
    signed?: { message: Record<string, unknown>; signature: Hex }
  }>
}

/** The proposal is not settled (no confirmed result): there is nothing final to export (409). */
export class ProposalNotSettledError extends BaseError {
  override name = 'ProposalNotSettledError'
  constructor(proposalId: string, status: string | null) {
    super(`proposal ${proposalId} is not settled yet${status ? ` (its settlement is ${status})` : ''}`, { code: 'conflict', details: { proposalId, status } })
  }
}

/**
 * The audit export of a settled proposal (`SettledProposalExport`). The votes tree is rebuilt from
 * `votes` and must give the stored root (else `InvariantError`). `NotFoundError` for an unknown
 * proposal, `ProposalNotSettledError` until its result is confirmed on chain. Votes are in leaf
 * order (ascending leaf hash, as OpenZeppelin sorts them).
 */
export async function exportSettledProposal(sql: SqlQueryable, { proposalId }: { proposalId: string }): Promise<SettledProposalExport> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(proposalId)) throw new NotFoundError(`No proposal ${proposalId}.`, { field: 'id' })
  const { rows: [row] } = await sql.query<{
    id: string; title: string; voting_type: string; choices: string[]; max_picks: number | null; quorum: string; snapshot_block: string
    start_at: Date; end_at: Date; actions: unknown; executor: string | null; space_chain_id: number; token: Address
    votes_root: Hex | null; tally_hash: Hex; vote_count: number; outcome: OutcomeName; actions_hash: Hex; tally: unknown
    chain_id: number | null; settlement_address: Address | null; tx_hash: Hex | null; block_number: string | null; settled_at: Date | null; status: string | null
  }>(
    `SELECT p.id::text AS id, p.title, p.voting_type::text AS voting_type, p.choices, p.max_picks, s.quorum::text AS quorum, p.snapshot_block::text AS snapshot_block,
            p.start_at, p.end_at, p.actions, coalesce(r.executor, s.executor_address) AS executor, s.chain_id AS space_chain_id, s.token_address AS token,
            r.votes_root, r.tally_hash, r.vote_count, r.outcome::text AS outcome, r.actions_hash, r.tally, r.chain_id, r.settlement_address, r.tx_hash,
            r.block_number::text AS block_number, r.settled_at, r.status::text AS status
     FROM proposals p JOIN spaces s ON s.id = p.space_id LEFT JOIN proposal_results r ON r.proposal_id = p.id WHERE p.id = $1::uuid`,
    [proposalId],
  )
  if (!row) throw new NotFoundError(`No proposal ${proposalId}.`, { field: 'id' })
  if (row.status !== 'confirmed' || !row.votes_root || !row.settlement_address || row.chain_id === null) throw new ProposalNotSettledError(proposalId, row.status)

  const votes = await loadCountedVotes(sql, { proposalId })
  const tree = buildVotesTree(votes)
  if (tree.root !== row.votes_root.toLowerCase()) {
    throw new InvariantError(`the counted votes of proposal ${proposalId} no longer build its settled votes root ${row.votes_root} (they build ${tree.root})`)
  }
  const signed = await loadSignedVotes(sql, proposalId)
  const order = votes.map((_, i) => i)
  if (tree.tree) {
    const position = tree.tree.treeIndexOf
    order.sort((a, b) => position[b]! - position[a]!)
  }
  return {
    format: SETTLED_EXPORT_FORMAT,
    proposal: {
      id: row.id,
      onChainProposalId: onChainProposalId(row.id),
      title: row.title,
      votingType: row.voting_type,
      choices: row.choices,
      maxPicks: row.max_picks,
      quorum: row.quorum,
      snapshotBlock: row.snapshot_block,
      startAt: new Date(row.start_at).toISOString(),
      endAt: new Date(row.end_at).toISOString(),
      actions: ((Array.isArray(row.actions) ? row.actions : []) as { target: string; value: string; calldata: string }[]).map(({ target, value, calldata }) => ({ target, value: String(value), calldata })),
      executor: row.executor,
    },
    settlement: {
      chainId: row.chain_id,
      address: row.settlement_address,
      txHash: row.tx_hash,
      blockNumber: row.block_number,
      settledAt: row.settled_at ? new Date(row.settled_at).toISOString() : null,
      status: row.status,
    },
    result: { votesRoot: row.votes_root, tallyHash: row.tally_hash, voteCount: row.vote_count, outcome: row.outcome, actionsHash: row.actions_hash, tally: row.tally },
    voteDomain: { ...VOTE_DOMAIN, chainId: row.space_chain_id, verifyingContract: row.token.toLowerCase() as Address },
    leafEncoding: [...VOTE_LEAF_ENCODING],
    votes: order.map((i) => {
      const vote = votes[i]!
      return {
        id: vote.id,
        voter: vote.voter,
        choice: vote.choice,
        ballot: voteArraysOf(vote.choice),
        votingPower: vote.votingPower.toString(),
        reason: vote.reason,
        timestamp: vote.timestamp.toISOString(),
        leaf: tree.leafOf(i),
        proof: tree.proofOf(i),
        ...(signed.has(vote.id) ? { signed: signed.get(vote.id)! } : {}),
      }
    }),
  }
}

/**
 * The signed messages of a proposal's counted votes, by vote id, from the intake log: each vote's
 * first inclusion (firstInclusionsOf, by its id) gives its batch and leaf node, and the vote there in
 * the batch's vote_log row is the message as signed (loggedVoteOf; the proposal's log is unpacked
 * once, loggedVotes; a vote from the transactional writer: `batches.messages` entry `2 * count - 2 - node`).
 */
async function loadSignedVotes(sql: SqlQueryable, proposalId: string): Promise<Map<string, { message: Record<string, unknown>; signature: Hex }>> {
  const { rows } = await sql.query<LoggedVoteRow & { id: string; node: number; batch_id: number; count: number }>(
    `SELECT '0x' || encode(m.id, 'hex') AS id, m.node, b.id AS batch_id, b.count, ${unpackedVoteColumns('l')}
     FROM ${firstInclusionsOf(`(SELECT decode(substring(v.message_id FROM 3), 'hex') AS id, v.proposal_id AS shard_key
                               FROM votes v WHERE v.proposal_id = $1::uuid AND v.message_id ~ '^0x[0-9a-fA-F]{64}$')`)} AS m
     JOIN batches b ON b.id = m.batch_id
     LEFT JOIN ${loggedVotes('vote_log l WHERE l.proposal_id = $1::uuid')} AS l ON l.proposal_id = m.shard_key AND l.batch_id = m.batch_id AND l.node = m.node`,
    [proposalId],
  )
  const signed = new Map<string, { message: Record<string, unknown>; signature: Hex }>()
  const byBatch = new Map<number, typeof rows>()
  for (const row of rows) {
    const logged = loggedVoteOf(row)
    if (logged) {
      signed.set(row.id, { message: logged.payload, signature: logged.signature as Hex })
      continue
    }
    const list = byBatch.get(row.batch_id)
    if (list) list.push(row)
    else byBatch.set(row.batch_id, [row])
  }
  const ids = [...byBatch.keys()]
  for (let i = 0; i < ids.length; i += 50) {
    const { rows: batches } = await sql.query<{ id: number; messages: string }>('SELECT id, messages FROM batches WHERE id = ANY($1::int[])', [ids.slice(i, i + 50)])
    for (const batch of batches) {
      const logged = JSON.parse(batch.messages) as LoggedMessage[]
      for (const row of byBatch.get(batch.id) ?? []) {
        const entry = logged[2 * row.count - 2 - row.node]
        if (entry) signed.set(row.id, { message: entry.payload as Record<string, unknown>, signature: entry.signature as Hex })
      }
    }
  }
  return signed
}

/**
 * The export as JSON text in pieces (one per vote after the header), for a streamed download: a
 * 100 000-vote export is about 150 MB, never held as one string.
 */
export function* settledExportChunks(exported: SettledProposalExport): Generator<string> {
  const { votes, ...head } = exported
  const header = JSON.stringify(head, null, 2)
  yield `${header.slice(0, -2)},\n  "votes": [`
  for (let i = 0; i < votes.length; i++) yield `${i === 0 ? '\n    ' : ',\n    '}${JSON.stringify(votes[i])}`
  yield `${votes.length > 0 ? '\n  ' : ''}]\n}\n`
}
