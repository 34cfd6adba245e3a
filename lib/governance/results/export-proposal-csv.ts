import type { PublicClient } from 'viem'
import type { Db } from '@/lib/db'
import { getProposalToken } from '../get-proposal-token'
import { resultsCsv } from './format-results'
import { getProposalResults } from './get-proposal-results'
import { listProposalVotes, type ProposalVote } from './list-proposal-votes'

/** The CSV download of a proposal: `resultsCsv` over its results and all its counted votes. `NotFoundError` for an unknown id. */
export async function exportProposalCsv(db: Db, client: PublicClient, { proposalId }: { proposalId: string }): Promise<{ filename: string; csv: string }> {
  const token = await getProposalToken(db, client, { proposalId })
  const results = await getProposalResults(db, { proposalId })
  const votes: ProposalVote[] = []
  for (let page = 1; ; page++) {
    const batch = await listProposalVotes(db, { proposalId, page, pageSize: 1_000 })
    votes.push(...batch.votes)
    if (page >= batch.pageCount) break
  }
  const number = await db.proposal.findUnique({ where: { id: proposalId }, select: { number: true, space: { select: { slug: true } } } })
  return { filename: `${number?.space.slug ?? 'proposal'}-${number?.number ?? proposalId}-results.csv`, csv: resultsCsv(results, votes, token) }
}
