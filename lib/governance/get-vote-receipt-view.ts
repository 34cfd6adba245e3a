import type { SqlQueryable } from '../db/types'
import { NotFoundError } from '../errors'
import { getVoteReceipt, type GetVoteReceiptParameters, type VoteReceipt } from './settlement/get-vote-receipt'
import type { VotingType } from './tally/types'

/** What the receipt page shows around the receipt: the proposal in words and where it lives. */
export type VoteReceiptProposal = {
  id: string
  number: number
  title: string
  /** Choice names, 1-based in the ballot (basic: For, Against, Abstain). */
  choices: string[]
  votingType: VotingType
  /** The stored state (`pending`, `active`, `closed`, `settled`, `canceled`). */
  state: string
  /** ISO 8601. */
  endAt: string
  space: { slug: string; name: string; tokenAddress: string }
}

export type GetVoteReceiptViewReturnType = { receipt: VoteReceipt; proposal: VoteReceiptProposal }

/**
 * The receipt page's one call: `getVoteReceipt` (the receipt JSON of SPEC-12) and the proposal it
 * belongs to. Errors as `getVoteReceipt`: `ValidationError` for a malformed id, `NotFoundError`.
 */
export async function getVoteReceiptView(sql: SqlQueryable, parameters: GetVoteReceiptParameters): Promise<GetVoteReceiptViewReturnType> {
  const receipt = await getVoteReceipt(sql, parameters)
  const { rows: [row] } = await sql.query<{ id: string; number: number; title: string; choices: string[]; voting_type: string; state: string; end_at: Date; slug: string; name: string; token_address: string }>(
    `SELECT p.id::text, p.number, p.title, p.choices, p.voting_type::text, p.state::text, p.end_at, s.slug, s.name, s.token_address
     FROM proposals p JOIN spaces s ON s.id = p.space_id WHERE p.id = $1::uuid`,
    [receipt.vote.proposalId],
  )
  if (!row) throw new NotFoundError(`the proposal of vote ${receipt.vote.id} no longer exists`, { field: 'id' })
  const votingType = row.voting_type.replace('_', '-') as VotingType
  return {
    receipt,
    proposal: {
      id: row.id,
      number: row.number,
      title: row.title,
      choices: votingType === 'basic' && row.choices.length === 0 ? ['For', 'Against', 'Abstain'] : row.choices,
      votingType,
      state: row.state,
      endAt: new Date(row.end_at).toISOString(),
      space: { slug: row.slug, name: row.name, tokenAddress: row.token_address },
    },
  }
}
