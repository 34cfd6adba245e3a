import type { Address, Hex } from 'viem'
import type { VoteBallot } from '../../chain/vote-typed-data'
import type { SqlQueryable } from '../../db/types'
import { env } from '../../env'
import { NotFoundError } from '../../errors'
import { getReceipt, type GetReceiptReturnType } from '../../intake/get-receipt'
import { buildTree } from '../../merkle/build-tree'
import { getProof } from '../../merkle/get-proof'
import { bytesToHex } from '../../merkle/hex'
import { nodeAt } from '../../merkle/tree'
import { ballotFromVote } from '../ballot-from-vote'
import type { VotingType } from '../tally/types'
import { onChainProposalId, VOTE_LEAF_ENCODING, voteLeafValues } from './vote-leaf'
import type { VoteReceipt } from './verify-vote-receipt'

/**
 * FIRST VERSION by `receipts` (issue #12), written against SPEC-12's shape until the `settle`
 * engineer's version merges; theirs replaces this file. It rebuilds the votes tree from the `votes`
 * table (every counted vote of the proposal, the same values and OZ sorted-leaf tree the settlement
 * commits, so the same root) instead of reading stored proofs.
 */

export type GetVoteReceiptParameters = {
  /** The signed message's id (EIP-712 digest), 0x + 64 hex, lowercase. */
  voteId: string
  /** Where results are settled; default `SETTLEMENT_ADDRESS`. */
  settlementAddress?: string
}

/** What the receipt page shows beyond the receipt itself. */
export type VoteReceiptContext = {
  proposal: { id: string; number: number; title: string; choices: string[]; votingType: string; state: string; endAt: string; spaceSlug: string; spaceName: string; tokenAddress: string }
}

export type GetVoteReceiptReturnType = VoteReceipt & { intake?: GetReceiptReturnType }

type VoteRow = { proposal_id: string; voter: string; choice: VoteBallot; reason: string; voting_power: string; timestamp: Date; message_id: string }
type ProposalRow = {
  id: string
  number: number
  title: string
  choices: string[]
  voting_type: string
  max_picks: number | null
  state: string
  end_at: Date
  space_slug: string
  space_name: string
  chain_id: number
  token_address: string
  votes_root: string | null
  tx_hash: string | null
  result_status: string | null
}

const VOTE_COLUMNS = `proposal_id::text, voter, choice, reason, voting_power::text, timestamp, message_id`
const ZERO_ADDRESS = '0x0000000000000000000000000000000000000000'

/** Tally type names use dashes; the enum in the database uses underscores. */
const votingTypeOf = (dbType: string) => dbType.replace('_', '-') as VotingType

/**
 * A vote's receipt (SPEC-12): the vote, its status (counted / superseded / accepted), the leaf and
 * proof up to the settled votes root when counted, the intake batch proof and checkpoint path when
 * it came through the intake, and where the result settles. Plus the proposal's title and choices
 * for the page. `NotFoundError` (field `id`) when no such vote was accepted.
 */
export async function getVoteReceipt(sql: SqlQueryable, { voteId, settlementAddress = env.SETTLEMENT_ADDRESS }: GetVoteReceiptParameters): Promise<{ receipt: GetVoteReceiptReturnType } & VoteReceiptContext> {
  const id = voteId.toLowerCase()
  let intake: GetReceiptReturnType | undefined
  try {
    intake = await getReceipt(sql, { id })
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error
  }
  const payload = intake?.message.kind === 'vote' ? (intake.message.payload as { voter: string; proposal: string; choices: number[]; weights: number[]; reason: string; timestamp: string }) : undefined
  if (intake && !payload) throw new NotFoundError(`message ${id} is not a vote`, { field: 'id' })

  // The vote row: by (proposal, voter) when the intake names them (the current vote of that voter:
  // this one, or the one that replaced it); else by message id (votes written without the intake).
  const { rows: [row] } = payload
    ? await sql.query<VoteRow>(`SELECT ${VOTE_COLUMNS} FROM votes WHERE proposal_id = $1::uuid AND voter = $2`, [payload.proposal, payload.voter.toLowerCase()])
    : await sql.query<VoteRow>(`SELECT ${VOTE_COLUMNS} FROM votes WHERE message_id = $1`, [id])
  if (!payload && !row) throw new NotFoundError(`no vote ${id}`, { field: 'id' })
  const proposalUuid = payload?.proposal ?? row!.proposal_id

  const { rows: [proposal] } = await sql.query<ProposalRow>(
    `SELECT p.id::text, p.number, p.title, p.choices, p.voting_type::text, p.max_picks, p.state::text, p.end_at, s.slug AS space_slug, s.name AS space_name, s.chain_id,
            s.token_address, r.votes_root, r.tx_hash, r.status::text AS result_status
     FROM proposals p JOIN spaces s ON s.id = p.space_id LEFT JOIN proposal_results r ON r.proposal_id = p.id WHERE p.id = $1::uuid`,
    [proposalUuid],
  )
  if (!proposal) throw new NotFoundError(`the proposal of vote ${id} no longer exists`, { field: 'id' })
  const type = votingTypeOf(proposal.voting_type)

  const holder = row?.message_id.toLowerCase()
  const superseded = holder !== undefined && holder !== id
  const choice: VoteReceipt['vote']['choice'] =
    payload && superseded
      ? (ballotFromVote({ type, choices: type === 'basic' ? 3 : proposal.choices.length, maxPicks: proposal.max_picks, vote: payload }) as VoteReceipt['vote']['choice'])
      : (row!.choice as VoteReceipt['vote']['choice'])
  const vote = {
    id,
    proposalId: proposal.id,
    onChainProposalId: onChainProposalId(proposal.id),
    voter: (payload?.voter ?? row!.voter).toLowerCase(),
    choice,
    // The same voter at the same snapshot block: a replaced vote had the power its replacement has.
    votingPower: row ? row.voting_power : '0',
    reason: payload && superseded ? payload.reason : (row?.reason ?? payload?.reason ?? ''),
    timestamp: payload && superseded ? new Date(Number(payload.timestamp) * 1000).toISOString() : new Date(row!.timestamp).toISOString(),
  }
  const settlement = {
    chainId: proposal.chain_id,
    address: (settlementAddress ?? ZERO_ADDRESS).toLowerCase(),
    txHash: proposal.tx_hash,
    status: proposal.result_status ?? 'not settled',
  }
  const context: VoteReceiptContext = {
    proposal: {
      id: proposal.id,
      number: proposal.number,
      title: proposal.title,
      choices: type === 'basic' ? ['For', 'Against', 'Abstain'] : proposal.choices,
      votingType: type,
      state: proposal.state,
      endAt: new Date(proposal.end_at).toISOString(),
      spaceSlug: proposal.space_slug,
      spaceName: proposal.space_name,
      tokenAddress: proposal.token_address,
    },
  }

  if (superseded) return { receipt: { vote, status: 'superseded', supersededBy: holder, ...(intake ? { intake } : {}), settlement }, ...context }

  const settled = proposal.state === 'settled' && proposal.votes_root !== null && proposal.result_status === 'confirmed'
  if (!settled) return { receipt: { vote, status: 'accepted', ...(intake ? { intake } : {}), settlement }, ...context }

  const { rows: counted } = await sql.query<VoteRow>(`SELECT ${VOTE_COLUMNS} FROM votes WHERE proposal_id = $1::uuid`, [proposal.id])
  const values = counted.map((v) => voteLeafValues({ id: v.message_id as Hex, voter: v.voter as Address, choice: v.choice, votingPower: BigInt(v.voting_power) }))
  const tree = buildTree({ values, leafEncoding: VOTE_LEAF_ENCODING })
  const index = counted.findIndex((v) => v.message_id.toLowerCase() === id)
  const proof = getProof(tree, index)
  const leafValues = values[index]!
  return {
    receipt: {
      vote,
      status: 'counted',
      leaf: { values: [leafValues[0], leafValues[1].toLowerCase(), leafValues[2], leafValues[3].toString()], hash: bytesToHex(nodeAt(tree, tree.treeIndexOf[index]!)) },
      proof,
      votesRoot: proposal.votes_root!,
      ...(intake ? { intake } : {}),
      settlement,
    },
    ...context,
  }
}
