import type { Address, PublicClient } from 'viem'
import type { Db } from '@/lib/db'
import { NotFoundError } from '@/lib/errors'
import { analyzeStoredProposal } from './analyze-stored-proposal'
import { GovernanceInputError, parseGovernanceInput } from './errors'
import { proposalInputSchema, toDbVotingType, votingTypeLabels, type ProposalInput, type ProposalInputParameters } from './schema'

export type CreateProposalParameters = {
  slug: string
  input: ProposalInputParameters | unknown
  /** The admin's or the signing member's address. */
  author: Address
  /** Seconds of clock skew allowed for a start "now". Default 300. */
  now?: Date
}
export type CreateProposalReturnType = { id: string; slug: string; number: number; analyzed: boolean }

/**
 * Creates a proposal in a space from an admin's input (a member's goes through
 * `createProposalFromSignature`, which checks power and then calls this): parses it
 * (`proposalInputSchema`), checks it against the space (voting type allowed, window between the
 * minimum and maximum period), takes the latest complete block as the snapshot when none is given, numbers
 * it, stores it, and runs the analyst (a failed analysis does not undo the proposal).
 * Throws `GovernanceInputError` (422, naming the field), `NotFoundError` (404, unknown space).
 */
export async function createProposal(db: Db, client: PublicClient, { slug, input, author, now = new Date() }: CreateProposalParameters): Promise<CreateProposalReturnType> {
  const proposal = parseGovernanceInput(proposalInputSchema, input)
  const space = await db.space.findUnique({ where: { slug } })
  if (!space) throw new NotFoundError(`No space "${slug}".`, { slug })
  checkAgainstSpace(proposal, space, now)
  // ERC20Votes answers getPastVotes only for blocks before the current one, so the default snapshot
  // is the latest complete block: votes are countable at once, even on a chain that mines on demand.
  const latest = (await client.getBlockNumber({ cacheTime: 0 })) - 1n
  const snapshotBlock = proposal.snapshotBlock ?? latest
  if (snapshotBlock > latest) throw new GovernanceInputError('snapshotBlock', `must be at most ${latest}, the latest complete block`)

  const created = await db.$transaction(async (tx) => {
    // The space row lock serializes numbering within a space.
    await tx.$queryRaw`SELECT id FROM spaces WHERE id = ${space.id}::uuid FOR UPDATE`
    const last = await tx.proposal.findFirst({ where: { spaceId: space.id }, orderBy: { number: 'desc' }, select: { number: true } })
    return tx.proposal.create({
      data: {
        spaceId: space.id,
        number: (last?.number ?? 0) + 1,
        title: proposal.title.trim(),
        body: proposal.body,
        author: author.toLowerCase(),
        choices: proposal.choices,
        votingType: toDbVotingType(proposal.votingType),
        maxPicks: proposal.maxPicks ?? null,
        snapshotBlock,
        startAt: proposal.startAt,
        endAt: proposal.endAt,
        state: proposal.startAt <= now ? 'active' : 'pending',
        discussionUrl: proposal.discussionUrl,
        actions: proposal.actions.map(({ target, value, calldata, signature }) => ({ target, value, calldata, ...(signature ? { signature } : {}) })),
      },
      select: { id: true, number: true },
    })
  })
  const analyzed = await analyzeStoredProposal(db, { proposalId: created.id, publicClient: client }).then(
    () => true,
    (error) => {
      console.error('[governance] analysis of a new proposal failed', error)
      return false
    },
  )
  return { id: created.id, slug, number: created.number, analyzed }
}

function checkAgainstSpace(
  proposal: ProposalInput,
  space: { votingTypes: string[]; minVotingPeriod: number; maxVotingPeriod: number },
  now: Date,
) {
  if (!space.votingTypes.includes(toDbVotingType(proposal.votingType))) {
    throw new GovernanceInputError('votingType', `${votingTypeLabels[proposal.votingType]} voting is not allowed in this space`)
  }
  const period = (proposal.endAt.getTime() - proposal.startAt.getTime()) / 1000
  if (period < space.minVotingPeriod) throw new GovernanceInputError('endAt', `voting must last at least ${formatSeconds(space.minVotingPeriod)}`)
  if (period > space.maxVotingPeriod) throw new GovernanceInputError('endAt', `voting may last at most ${formatSeconds(space.maxVotingPeriod)}`)
  if (proposal.endAt <= now) throw new GovernanceInputError('endAt', 'must be in the future')
}

/** 3600 -> "1 hour", 259200 -> "3 days". */
export function formatSeconds(seconds: number): string {
  const units: [number, string][] = [[86_400, 'day'], [3_600, 'hour'], [60, 'minute'], [1, 'second']]
  for (const [size, name] of units) {
    if (seconds >= size && seconds % size === 0) return `${seconds / size} ${name}${seconds / size === 1 ? '' : 's'}`
  }
  return `${seconds} seconds`
}
