import { getAddress, type Address } from 'viem'
import type { Db } from '@/lib/db'

export type SpaceSummary = {
  slug: string
  name: string
  about: string
  chainId: number
  tokenAddress: Address
  proposals: { number: number; title: string; state: string }[]
}

/** Every space with its proposals, oldest first: what the landing and DAO pages list. */
export async function listSpaces(db: Db): Promise<SpaceSummary[]> {
  const spaces = await db.space.findMany({
    orderBy: { createdAt: 'asc' },
    include: { proposals: { orderBy: { number: 'asc' }, select: { number: true, title: true, state: true } } },
  })
  return spaces.map((space) => ({
    slug: space.slug,
    name: space.name,
    about: space.about,
    chainId: space.chainId,
    tokenAddress: getAddress(space.tokenAddress),
    proposals: space.proposals.map((proposal) => ({ ...proposal, state: String(proposal.state) })),
  }))
}
