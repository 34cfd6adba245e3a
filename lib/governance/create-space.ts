import { parseUnits, type PublicClient } from 'viem'
import { readTokenInfo } from '@/lib/chain/read-token'
import type { Db } from '@/lib/db'
import { GovernanceInputError, parseGovernanceInput, SpaceExistsError } from './errors'
import { spaceInputSchema, toDbVotingType, type SpaceInputParameters } from './schema'

export type CreateSpaceParameters = { input: SpaceInputParameters | unknown }
export type CreateSpaceReturnType = { id: string; slug: string }

/** "Arbor Grants DAO!" -> "arbor-grants-dao". */
export function slugOf(name: string): string {
  return name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'space'
}

/**
 * Creates a space from an admin's input (`spaceInputSchema`). Quorum and threshold are typed in
 * token units and stored in base units with the token's decimals, read from the chain. The
 * voting token of an airdrop-backed space is the campaign's token.
 * Throws `GovernanceInputError` (422, naming the field), `SpaceExistsError` (409).
 */
export async function createSpace(db: Db, client: PublicClient, { input }: CreateSpaceParameters): Promise<CreateSpaceReturnType> {
  const space = parseGovernanceInput(spaceInputSchema, input)
  const slug = space.slug ?? slugOf(space.name)
  let tokenAddress = space.tokenAddress as string | undefined
  if (space.powerSource === 'campaign') {
    const campaign = await db.campaign.findUnique({ where: { id: space.campaignId! }, select: { tokenAddress: true } })
    if (!campaign) throw new GovernanceInputError('campaignId', 'no such campaign')
    tokenAddress = campaign.tokenAddress
  }
  const code = await client.getCode({ address: tokenAddress as `0x${string}` })
  if (!code || code === '0x') throw new GovernanceInputError(space.powerSource === 'token' ? 'tokenAddress' : 'campaignId', 'no contract at this address on this chain')
  const { decimals } = await readTokenInfo(client, tokenAddress as `0x${string}`).catch(() => {
    throw new GovernanceInputError('tokenAddress', 'is not an ERC-20 token (no decimals)')
  })
  const units = (field: 'quorum' | 'proposalThreshold') => {
    const [, fraction = ''] = space[field].split('.')
    if (fraction.length > decimals) throw new GovernanceInputError(field, `the token has ${decimals} decimals`)
    return parseUnits(space[field], decimals).toString()
  }
  if (await db.space.findUnique({ where: { slug }, select: { id: true } })) throw new SpaceExistsError(slug)
  const created = await db.space.create({
    data: {
      slug,
      name: space.name.trim(),
      about: space.about,
      chainId: await client.getChainId(),
      tokenAddress: tokenAddress!.toLowerCase(),
      powerSource: space.powerSource,
      campaignId: space.powerSource === 'campaign' ? space.campaignId! : null,
      quorum: units('quorum'),
      proposalThreshold: units('proposalThreshold'),
      votingDelay: space.votingDelay,
      votingPeriod: space.maxVotingPeriod,
      minVotingPeriod: space.minVotingPeriod,
      maxVotingPeriod: space.maxVotingPeriod,
      proposers: space.proposers,
      votingTypes: space.votingTypes.map(toDbVotingType),
    },
    select: { id: true, slug: true },
  })
  return created
}
