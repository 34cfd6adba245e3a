import { encodeFunctionData, getAddress, parseAbiItem, type AbiFunction, type Address, type Hex } from 'viem'
import { z } from 'zod'
import { votingTypeOf } from './ballot-from-vote'
import { VOTING_TYPES, type VotingType } from './tally/types'

/**
 * What crosses governance's boundaries: a space and a proposal as an admin (or a member) submits
 * them. Parsed in the browser before submit and again on the server. Token amounts are decimal
 * strings in token units ("1000.5") where people type them, base units (wei) where stored.
 */

export const votingTypes = VOTING_TYPES
export type VotingTypeName = VotingType

export const votingTypeLabels: Record<VotingTypeName, string> = {
  basic: 'Basic (For, Against, Abstain)',
  'single-choice': 'Single choice',
  approval: 'Approval',
  weighted: 'Weighted',
  quadratic: 'Quadratic',
  'ranked-choice': 'Ranked choice',
}

/** The database enum's spelling (`ranked_choice`) of a type name (`ranked-choice`), and back. */
export const toDbVotingType = (type: VotingTypeName) => type.replace('-', '_') as 'basic' | 'single_choice' | 'approval' | 'weighted' | 'quadratic' | 'ranked_choice'
export const fromDbVotingType = votingTypeOf

export const BASIC_CHOICES = ['For', 'Against', 'Abstain'] as const
const UINT256_MAX = 2n ** 256n - 1n

/** Text Postgres can store: a NUL character is refused here (422) instead of failing the insert (500). */
export const text = (max: number, min = 0) =>
  z
    .string()
    .max(max, `at most ${max} characters`)
    .refine((value) => !value.includes('\u0000'), 'must not contain a NUL character')
    .refine((value) => value.trim().length >= min, min === 1 ? 'is required' : `at least ${min} characters`)

const address = z
  .string()
  .trim()
  .regex(/^0x[0-9a-fA-F]{40}$/, 'must be a 0x-prefixed 20-byte hex address')
  .transform((value) => getAddress(value.toLowerCase()) as Address)

/** An address, or nothing when left empty (`""` as a form sends it). */
const optionalAddress = z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), address.optional())

/** A token amount as typed: "1000", "0.5"; converted to base units with the token's decimals by the caller. */
const tokenAmount = z
  .string()
  .trim()
  .regex(/^\d{1,60}(\.\d{1,36})?$/, 'must be a number of tokens, like 1000 or 0.5')

const seconds = z.coerce.number().int('must be whole seconds').min(0).max(10 * 365 * 24 * 3600)

export const spaceInputSchema = z
  .object({
    name: text(100, 1),
    slug: z
      .string()
      .trim()
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lowercase letters, digits and single hyphens')
      .max(60)
      .optional(),
    about: text(2_000).default(''),
    powerSource: z.enum(['token', 'campaign']),
    /** The ERC20Votes token (powerSource "token"). */
    tokenAddress: address.optional(),
    /** The airdrop campaign (powerSource "campaign"). */
    campaignId: z.uuid('must be a campaign id').optional(),
    quorum: tokenAmount.default('0'),
    proposalThreshold: tokenAmount.default('0'),
    votingDelay: seconds.default(0),
    minVotingPeriod: seconds.default(3600),
    maxVotingPeriod: seconds.default(30 * 24 * 3600),
    proposers: z.enum(['admins', 'members']).default('admins'),
    votingTypes: z.array(z.enum(votingTypes)).min(1, 'pick at least one voting type').max(6),
    /** The DAO's treasury execution, all three or none: its `ArborExecutor`, the `TimelockController` it proposes to, and the timelock's guardian (canceller). */
    executorAddress: optionalAddress,
    timelockAddress: optionalAddress,
    guardianAddress: optionalAddress,
  })
  .superRefine((space, ctx) => {
    const treasury = (['executorAddress', 'timelockAddress', 'guardianAddress'] as const).filter((field) => !space[field])
    if (treasury.length === 1 || treasury.length === 2) {
      for (const field of treasury) ctx.addIssue({ code: 'custom', path: [field], message: 'is required with the other treasury addresses (give all three, or none)' })
    }
    if (space.powerSource === 'token' && !space.tokenAddress) ctx.addIssue({ code: 'custom', path: ['tokenAddress'], message: 'is required for a token-backed space' })
    if (space.powerSource === 'campaign' && !space.campaignId) ctx.addIssue({ code: 'custom', path: ['campaignId'], message: 'is required for an airdrop-backed space' })
    if (space.minVotingPeriod > space.maxVotingPeriod) ctx.addIssue({ code: 'custom', path: ['maxVotingPeriod'], message: 'must be at least the minimum voting period' })
    if (space.minVotingPeriod < 60) ctx.addIssue({ code: 'custom', path: ['minVotingPeriod'], message: 'must be at least 60 seconds' })
  })
export type SpaceInput = z.output<typeof spaceInputSchema>
export type SpaceInputParameters = z.input<typeof spaceInputSchema>

/** A uint256 as a decimal string: anything else (negative, fractional, over 2^256 - 1) cannot exist on-chain. */
const uint256 = z
  .union([z.string().trim(), z.number()])
  .transform((value) => String(value))
  .refine((value) => /^\d{1,78}$/.test(value) && BigInt(value) <= UINT256_MAX, 'must be a whole number of wei between 0 and 2^256 - 1 (a value that can exist on-chain)')

const calldataAction = z.strictObject({
  target: address,
  value: uint256.default('0'),
  calldata: z
    .string()
    .trim()
    .regex(/^0x([0-9a-fA-F]{2})*$/, 'must be 0x-prefixed hex bytes (an even number of digits)')
    .transform((value) => value.toLowerCase() as Hex),
  signature: text(500).optional(),
})

const signatureAction = z.strictObject({
  target: address,
  value: uint256.default('0'),
  /** `transfer(address,uint256)`: Arbor encodes `args` with it (viem). */
  signature: text(500, 3),
  args: z.array(z.union([z.string(), z.number(), z.boolean()])).max(32).default([]),
})

/** An action with calldata, or a function signature plus arguments that Arbor encodes; both come out as calldata. */
export const proposalActionSchema = z.union([calldataAction, signatureAction]).transform((action, ctx) => {
  if ('calldata' in action) return action
  let abiItem: AbiFunction
  try {
    const parsed = parseAbiItem(`function ${action.signature.replace(/^function\s+/, '')}`)
    if (parsed.type !== 'function') throw new Error('not a function')
    abiItem = parsed
  } catch {
    ctx.addIssue({ code: 'custom', path: ['signature'], message: 'must be a function signature like transfer(address,uint256)' })
    return z.NEVER
  }
  if (abiItem.inputs.length !== action.args.length) {
    ctx.addIssue({ code: 'custom', path: ['args'], message: `${abiItem.name} takes ${abiItem.inputs.length} arguments, ${action.args.length} given` })
    return z.NEVER
  }
  try {
    const args = abiItem.inputs.map((input, i) => coerceArgument(input.type, action.args[i]!))
    const calldata = encodeFunctionData({ abi: [abiItem], functionName: abiItem.name, args })
    const canonical = `${abiItem.name}(${abiItem.inputs.map((input) => input.type).join(',')})`
    return { target: action.target, value: action.value, calldata, signature: canonical }
  } catch (error) {
    ctx.addIssue({ code: 'custom', path: ['args'], message: `do not fit ${action.signature}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}` })
    return z.NEVER
  }
})
export type ProposalActionInput = z.output<typeof proposalActionSchema>

function coerceArgument(type: string, value: string | number | boolean): unknown {
  if (/^u?int\d*$/.test(type)) return BigInt(String(value))
  if (type === 'bool') return value === true || value === 'true'
  if (type === 'address') return getAddress(String(value))
  return value
}

const date = z.coerce.date({ error: 'must be a date and time' }).refine((value) => !Number.isNaN(value.getTime()), 'must be a date and time')

export const proposalInputSchema = z
  .object({
    title: text(300, 1),
    body: text(100_000).default(''),
    votingType: z.enum(votingTypes),
    /** Ignored for basic (always For, Against, Abstain). */
    choices: z.array(text(200, 1)).max(20, 'at most 20 choices').default([]),
    maxPicks: z.coerce.number().int().min(1).optional(),
    startAt: date,
    endAt: date,
    /** Default: the latest block when the proposal is created. */
    snapshotBlock: z
      .union([z.string().trim().regex(/^\d{1,20}$/, 'must be a block number'), z.number().int().nonnegative()])
      .transform((value) => BigInt(value))
      .optional(),
    discussionUrl: z
      .union([z.literal(''), z.url({ protocol: /^https?$/, error: 'must be an http(s) link' }).max(500)])
      .refine((value) => !value.includes('\u0000'), 'must not contain a NUL character')
      .default(''),
    actions: z.array(proposalActionSchema).max(50).default([]),
  })
  .transform((proposal, ctx) => {
    const choices = proposal.votingType === 'basic' ? [...BASIC_CHOICES] : proposal.choices.map((choice) => choice.trim())
    if (proposal.votingType !== 'basic') {
      if (choices.length < 2) ctx.addIssue({ code: 'custom', path: ['choices'], message: 'give at least two choices' })
      if (new Set(choices.map((c) => c.toLowerCase())).size !== choices.length) ctx.addIssue({ code: 'custom', path: ['choices'], message: 'choices must differ' })
    }
    if (proposal.endAt <= proposal.startAt) ctx.addIssue({ code: 'custom', path: ['endAt'], message: 'must be after the start' })
    if (proposal.actions.length > 0 && proposal.votingType !== 'basic') {
      ctx.addIssue({ code: 'custom', path: ['actions'], message: 'on-chain actions need the basic (For, Against, Abstain) type: only a yes/no result can be executed' })
    }
    if (proposal.maxPicks !== undefined && proposal.votingType !== 'approval') {
      ctx.addIssue({ code: 'custom', path: ['maxPicks'], message: 'applies to approval voting only' })
    }
    if (proposal.maxPicks !== undefined && proposal.maxPicks > choices.length) {
      ctx.addIssue({ code: 'custom', path: ['maxPicks'], message: `must be at most the number of choices (${choices.length})` })
    }
    return { ...proposal, choices }
  })
export type ProposalInput = z.output<typeof proposalInputSchema>
export type ProposalInputParameters = z.input<typeof proposalInputSchema>
