import { getAddress, type Address } from 'viem'
import type { Db } from '@/lib/db'
import { proposalStateAt, type ProposalStateName } from './proposal-state'
import { fromDbVotingType, type VotingTypeName } from './schema'

export type SpaceSummary = {
  slug: string
  name: string
  about: string
  chainId: number
  tokenAddress: Address
  proposals: { number: number; title: string; state: ProposalStateName; votingType: VotingTypeName; endAt: Date }[]
}

/** Every space with its proposals, oldest first, each proposal's state as of `now`: what the landing and DAO pages list. */
export async function listSpaces(db: Db, { now = new Date() }: { now?: Date } = {}): Promise<SpaceSummary[]> {
  const spaces = await db.space.findMany({
    orderBy: { createdAt: 'asc' },
    include: { proposals: { orderBy: { number: 'asc' }, select: { number: true, title: true, state: true, votingType: true, startAt: true, endAt: true } } },
  })
  return spaces.map((space) => ({
    slug: space.slug,
    name: space.name,
    about: space.about,
    chainId: space.chainId,
    tokenAddress: getAddress(space.tokenAddress),
    proposals: space.proposals.map(({ number, title, votingType, endAt, ...proposal }) => ({
      number,
      title,
      endAt,
      state: proposalStateAt({ ...proposal, endAt }, now),
      votingType: fromDbVotingType(votingType),
    })),
  }))
}
