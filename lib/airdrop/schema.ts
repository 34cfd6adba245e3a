import { z } from 'zod'

/** The distributor's leaf: `keccak256(keccak256(abi.encode(index, account, amount)))`. */
export const CLAIM_LEAF_ENCODING = ['uint256', 'address', 'uint256'] as const

/** `campaign_trees.format` of the compact trees `lib/merkle/compact.ts` writes. */
export const COMPACT_TREE_FORMAT = 'arbor-compact-v1'

/** Addresses a single eligibility request may ask about. */
export const MAX_ELIGIBILITY_ACCOUNTS = 1000

/** `POST /api/campaigns/:id/eligibility` body. Addresses are checked one by one afterwards, to name the bad one. */
export const eligibilityRequestSchema = z.object({
  accounts: z.array(z.unknown()).min(1, 'give at least one address').max(MAX_ELIGIBILITY_ACCOUNTS, `at most ${MAX_ELIGIBILITY_ACCOUNTS} addresses a request`),
})

export type EligibilityRequest = z.infer<typeof eligibilityRequestSchema>
