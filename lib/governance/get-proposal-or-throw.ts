import { getAddress, type Address, type Hex } from 'viem'
import type { Db } from '@/lib/db'
import { NotFoundError } from '@/lib/errors'
import { proposalStateAt } from './proposal-state'
import { fromDbVotingType, type VotingTypeName } from './schema'

export type ProposalAction = { target: Address; value: string; calldata: Hex; signature?: string }

export type ProposalAnalysis = {
  provider: string
  model: string | null
  riskScore: number
  level: string
  summary: { tldr: string; bullets: string[] }
  findings: { rule: string; severity: string; message: string; evidence: string }[]
  createdAt: Date
}

export type ProposalDetail = {
  id: string
  space: {
    slug: string
    name: string
    tokenAddress: Address
    chainId: number
    quorum: string
    powerSource: 'token' | 'campaign'
    /** The DAO's treasury execution (all three or none): `ArborExecutor`, its timelock, the guardian. */
    executorAddress: Address | null
    timelockAddress: Address | null
    guardianAddress: Address | null
  }
  number: number
  votingType: VotingTypeName
  /** Approval: the most choices a ballot may pick. */
  maxPicks: number | null
  discussionUrl: string
  title: string
  body: string
  author: Address
  choices: string[]
  state: string
  startAt: Date
  endAt: Date
  snapshotBlock: bigint
  actions: ProposalAction[]
  analysis: ProposalAnalysis | null
}

export type GetProposalOrThrowParameters = { slug: string; number: number }

/** One proposal with its space and latest analysis; `NotFoundError` when the space or number is unknown. */
export async function getProposalOrThrow(db: Db, { slug, number }: GetProposalOrThrowParameters): Promise<ProposalDetail> {
  const proposal = await db.proposal.findFirst({
    where: { number, space: { slug } },
    include: { space: true, analyses: { orderBy: { createdAt: 'desc' }, take: 1 } },
  })
  if (!proposal) throw new NotFoundError(`No proposal ${number} in space "${slug}".`, { slug, number })
  const [analysis] = proposal.analyses
  return {
    id: proposal.id,
    space: {
      slug: proposal.space.slug,
      name: proposal.space.name,
      tokenAddress: getAddress(proposal.space.tokenAddress),
      chainId: proposal.space.chainId,
      quorum: proposal.space.quorum.toFixed(),
      powerSource: proposal.space.powerSource,
      executorAddress: proposal.space.executorAddress ? getAddress(proposal.space.executorAddress) : null,
      timelockAddress: proposal.space.timelockAddress ? getAddress(proposal.space.timelockAddress) : null,
      guardianAddress: proposal.space.guardianAddress ? getAddress(proposal.space.guardianAddress) : null,
    },
    number: proposal.number,
    votingType: fromDbVotingType(proposal.votingType),
    maxPicks: proposal.maxPicks,
    discussionUrl: proposal.discussionUrl,
    title: proposal.title,
    body: proposal.body,
    author: getAddress(proposal.author),
    choices: proposal.choices,
    state: proposalStateAt(proposal),
    startAt: proposal.startAt,
    endAt: proposal.endAt,
    snapshotBlock: proposal.snapshotBlock,
    actions: proposal.actions as ProposalAction[],
    analysis: analysis
      ? {
          provider: analysis.provider,
          model: analysis.model,
          riskScore: analysis.riskScore,
          level: analysis.level,
          summary: analysis.summary as ProposalAnalysis['summary'],
          findings: analysis.findings as ProposalAnalysis['findings'],
          createdAt: analysis.createdAt,
        }
      : null,
  }
}
