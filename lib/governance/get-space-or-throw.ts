import { getAddress, type Address } from 'viem'
import type { Db } from '@/lib/db'
import { NotFoundError } from '@/lib/errors'
import { proposalStateAt, type ProposalStateName } from './proposal-state'
import { fromDbVotingType, type VotingTypeName } from './schema'

export type SpaceDetail = {
  id: string
  slug: string
  name: string
  about: string
  chainId: number
  tokenAddress: Address
  powerSource: 'token' | 'campaign'
  campaignId: string | null
  /** Base units. */
  quorum: bigint
  proposalThreshold: bigint
  /** Seconds. */
  votingDelay: number
  minVotingPeriod: number
  maxVotingPeriod: number
  proposers: 'admins' | 'members'
  votingTypes: VotingTypeName[]
  /** The DAO's treasury execution (all three or none): `ArborExecutor`, its timelock, the guardian. */
  executorAddress: Address | null
  timelockAddress: Address | null
  guardianAddress: Address | null
  proposals: { number: number; title: string; state: ProposalStateName; votingType: VotingTypeName; startAt: Date; endAt: Date }[]
}

/** A space with its proposals, newest first; `NotFoundError` for an unknown slug. */
export async function getSpaceOrThrow(db: Db, { slug, now = new Date() }: { slug: string; now?: Date }): Promise<SpaceDetail> {
  const space = await db.space.findUnique({
    where: { slug },
    include: { proposals: { orderBy: { number: 'desc' }, select: { number: true, title: true, state: true, votingType: true, startAt: true, endAt: true } } },
  })
  if (!space) throw new NotFoundError(`No space "${slug}".`, { slug })
  return {
    id: space.id,
    slug: space.slug,
    name: space.name,
    about: space.about,
    chainId: space.chainId,
    tokenAddress: getAddress(space.tokenAddress),
    powerSource: space.powerSource,
    campaignId: space.campaignId,
    quorum: BigInt(space.quorum.toFixed()),
    proposalThreshold: BigInt(space.proposalThreshold.toFixed()),
    votingDelay: space.votingDelay,
    minVotingPeriod: space.minVotingPeriod,
    maxVotingPeriod: space.maxVotingPeriod,
    proposers: space.proposers,
    votingTypes: space.votingTypes.map(fromDbVotingType),
    executorAddress: space.executorAddress ? getAddress(space.executorAddress) : null,
    timelockAddress: space.timelockAddress ? getAddress(space.timelockAddress) : null,
    guardianAddress: space.guardianAddress ? getAddress(space.guardianAddress) : null,
    proposals: space.proposals.map((p) => ({ ...p, state: proposalStateAt(p, now), votingType: fromDbVotingType(p.votingType) })),
  }
}
