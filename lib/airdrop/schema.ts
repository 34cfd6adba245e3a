import { z } from 'zod'

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
