import { getAddress, type Address } from 'viem'
import type { Db } from '@/lib/db'
import { prismaSqlClient } from '@/lib/db/prisma-sql-client'
import { materializeVotes } from '@/lib/intake/materialize-votes'

export type ProposalVote = {
  voter: Address
  /** As signed: a choice number, a list of them, or `{ "<choice>": weight }`. */
  choice: unknown
  reason: string
  /** Base units. */
  votingPower: string
  timestamp: string
  messageId: string
}

export type ListProposalVotesParameters = {
  proposalId: string
  /** 1-based. */
  page?: number
  /** Default 20, at most 1 000 (the CSV export reads all pages). */
  pageSize?: number
  /** Only this voter's vote. */
  voter?: string
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export type ListProposalVotesReturnType = { votes: ProposalVote[]; total: number; page: number; pageCount: number; pageSize: number }

/**
 * The counted votes of a proposal, most power first (ties by address), one page at a time. `votes`
 * is derived from the vote log off the intake's acknowledging path: this proposal's is brought up
 * to date first, so a vote acknowledged before the call is in the page (the voter panel reads its
 * own vote here right after posting).
 */
export async function listProposalVotes(db: Db, { proposalId, page = 1, pageSize = 20, voter }: ListProposalVotesParameters): Promise<ListProposalVotesReturnType> {
  if (UUID.test(proposalId)) await materializeVotes(prismaSqlClient(db), { proposalId })
  const size = Math.min(Math.max(1, Math.floor(pageSize)), 1_000)
  const where = { proposalId, ...(voter ? { voter: voter.toLowerCase() } : {}) }
  const [total, rows] = await Promise.all([
    db.vote.count({ where }),
    db.vote.findMany({ where, orderBy: [{ votingPower: 'desc' }, { voter: 'asc' }], skip: (Math.max(1, Math.floor(page)) - 1) * size, take: size }),
  ])
  return {
    votes: rows.map((row) => ({
      voter: getAddress(row.voter),
      choice: row.choice,
      reason: row.reason,
      votingPower: row.votingPower.toFixed(),
      timestamp: row.timestamp.toISOString(),
      messageId: row.messageId,
    })),
    total,
    page: Math.max(1, Math.floor(page)),
    pageCount: Math.max(1, Math.ceil(total / size)),
    pageSize: size,
  }
}
