import { isAddress } from 'viem'
import { z } from 'zod'

/** The distributor's leaf: `keccak256(keccak256(abi.encode(index, account, amount)))`. */
export const CLAIM_LEAF_ENCODING = ['uint256', 'address', 'uint256'] as const

/** `campaign_trees.format` of a compact tree (`lib/merkle/compact.ts`) stored as one `layers` value (the first format, still loaded). */
export const COMPACT_TREE_FORMAT = 'arbor-compact-v1'

/** `campaign_trees.format` of a compact tree stored in `campaign_tree_chunks` rows: what imports write now. */
export const CHUNKED_COMPACT_TREE_FORMAT = 'arbor-compact-v1-chunked'

/** Addresses a single eligibility request may ask about. */
export const MAX_ELIGIBILITY_ACCOUNTS = 1000

/** `POST /api/campaigns/:id/eligibility` body. Addresses are checked one by one afterwards, to name the bad one. */
export const eligibilityRequestSchema = z.object({
  accounts: z.array(z.unknown()).min(1, 'give at least one address').max(MAX_ELIGIBILITY_ACCOUNTS, `at most ${MAX_ELIGIBILITY_ACCOUNTS} addresses a request`),
})

export type EligibilityRequest = z.infer<typeof eligibilityRequestSchema>

const uint = z.string().regex(/^\d+$/, 'expected a decimal integer')
const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'expected a 0x address')

/**
 * A gasless claim as the intake log holds it (`batches.messages` entry): the EIP-712 `Claim` its
 * account signed, numbers as decimal strings, and the signature as accepted. The relayer submits
 * exactly these values to `claimMany`.
 */
export const loggedClaimSchema = z.object({
  signature: z.string().regex(/^0x([0-9a-fA-F]{2})*$/, 'expected 0x hex bytes'),
  payload: z.object({ index: uint, account: address, amount: uint, to: address, deadline: uint }),
})

export type LoggedClaim = z.infer<typeof loggedClaimSchema>

/** `arbor relay claims` options and the cron route's query: all optional. */
export const relayOptionsSchema = z.object({
  campaignId: z.uuid().optional(),
  /** Gas a single transaction may use (EIP-7825 caps it at 2^24). */
  gasCap: z.coerce.bigint().positive().optional(),
  /** Claims per transaction before the estimate halves it. */
  maxBatchSize: z.coerce.number().int().positive().max(2_000).optional(),
})

/** A new campaign's form: the token is read from the chain, the window is UTC instants. */
export const createCampaignSchema = z
  .object({
    name: z.string().trim().min(1, 'Give the campaign a name').max(120, 'At most 120 characters'),
    tokenAddress: z
      .string()
      .trim()
      .refine((value) => isAddress(value, { strict: false }), 'Enter the token contract address (0x and 40 hex digits)'),
    startAt: z.coerce.date({ error: 'Pick a start time' }),
    endAt: z.coerce.date({ error: 'Pick an end time' }),
  })
  .refine(({ startAt, endAt }) => endAt.getTime() > startAt.getTime(), { path: ['endAt'], message: 'The end must be after the start' })

export type CreateCampaignInput = z.input<typeof createCampaignSchema>

/** The upload's query string: how amounts are written and what duplicates do. */
export const allocationUploadSchema = z.object({
  units: z.enum(['tokens', 'base']).default('tokens'),
  duplicates: z.enum(['reject', 'sum']).default('reject'),
})


/**
 * The review's figures as the import stores them in `campaigns.allocation_review` (version 1):
 * the ten largest allocations (base units, decimal strings) and recipients per order of magnitude.
 */
export const storedAllocationReviewSchema = z.object({
  version: z.literal(1),
  largest: z.array(z.object({ index: z.number().int().nonnegative(), account: z.string(), amount: z.string().regex(/^\d+$/) })),
  histogram: z.array(z.object({ exponent: z.number().int().nonnegative(), recipients: z.number().int().positive() })),
})
