import { isAddressEqual, parseUnits, type Address, type PublicClient } from 'viem'
import { arborExecutorAbi, arborTimelockAbi } from '@/lib/chain/contracts'
import { TIMELOCK_ROLES } from '@/lib/chain/deploy-dao-executor'
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
 * Treasury addresses, when given, are checked on-chain (`checkTreasury`).
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
  if (space.executorAddress) await checkTreasury(client, { executor: space.executorAddress, timelock: space.timelockAddress!, guardian: space.guardianAddress! })
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
      executorAddress: space.executorAddress?.toLowerCase() ?? null,
      timelockAddress: space.timelockAddress?.toLowerCase() ?? null,
      guardianAddress: space.guardianAddress?.toLowerCase() ?? null,
    },
    select: { id: true, slug: true },
  })
  return created
}

/**
 * Checks on-chain that `executor` is an `ArborExecutor` of `timelock`, that the timelock lets it
 * propose, and that `guardian` may cancel there. Throws `GovernanceInputError` naming the field.
 */
async function checkTreasury(client: PublicClient, { executor, timelock, guardian }: { executor: Address; timelock: Address; guardian: Address }): Promise<void> {
  const executorsTimelock = await client.readContract({ address: executor, abi: arborExecutorAbi, functionName: 'timelock' }).catch(() => undefined)
  if (!executorsTimelock) throw new GovernanceInputError('executorAddress', 'is not an ArborExecutor on this chain')
  if (!isAddressEqual(executorsTimelock, timelock)) throw new GovernanceInputError('timelockAddress', `is not this executor's timelock (it uses ${executorsTimelock})`)
  const hasRole = (role: `0x${string}`, account: Address) =>
    client.readContract({ address: timelock, abi: arborTimelockAbi, functionName: 'hasRole', args: [role, account] }).catch(() => false)
  if (!(await hasRole(TIMELOCK_ROLES.proposer, executor))) throw new GovernanceInputError('timelockAddress', 'does not let this executor propose (PROPOSER_ROLE)')
  if (!(await hasRole(TIMELOCK_ROLES.canceller, guardian))) throw new GovernanceInputError('guardianAddress', 'cannot cancel on this timelock (no CANCELLER_ROLE)')
}
