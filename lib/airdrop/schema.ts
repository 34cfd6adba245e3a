import { isAddress } from 'viem'
import { z } from 'zod'

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

