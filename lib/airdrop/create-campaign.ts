import { getAddress, type Address } from 'viem'
import type { ChainClients } from '../chain/clients'
import { readTokenInfo } from '../chain/read-token'
import type { Db } from '../db/types'
import { ValidationError } from '../errors'
import { createCampaignSchema, type CreateCampaignInput } from './schema'

export type CreateCampaignParameters = CreateCampaignInput & {
  /** The signed-in admin: the distributor's owner (clawback goes there). */
  createdBy: Address
  chainId: number
}

export type CreateCampaignReturnType = { id: string; tokenSymbol: string; tokenDecimals: number }

/**
 * A draft campaign: name, token (symbol and decimals read from the chain) and window. Throws
 * `ValidationError` naming `tokenAddress` when no ERC-20 answers there.
 */
export async function createCampaign(
  db: Db,
  publicClient: ChainClients['publicClient'],
  { createdBy, chainId, ...input }: CreateCampaignParameters,
): Promise<CreateCampaignReturnType> {
  const parsed = createCampaignSchema.safeParse(input)
  if (!parsed.success) {
    const fieldErrors = Object.fromEntries(parsed.error.issues.map((issue) => [issue.path.join('.') || 'body', issue.message]))
    const [field, message] = Object.entries(fieldErrors)[0]!
    throw new ValidationError(message, { field, fieldErrors })
  }
  const { name, tokenAddress, startAt, endAt } = parsed.data
  const token = getAddress(tokenAddress)
  let symbol: string
  let decimals: number
  try {
    ;({ symbol, decimals } = await readTokenInfo(publicClient, token))
  } catch (cause) {
    throw new ValidationError(`no ERC-20 token answers at ${token} on this chain`, { field: 'tokenAddress', cause: String(cause).slice(0, 200) })
  }
  const campaign = await db.campaign.create({
    data: {
      name,
      chainId,
      tokenAddress: token.toLowerCase(),
      tokenSymbol: symbol,
      tokenDecimals: decimals,
      startAt,
      endAt,
      status: 'draft',
      createdBy: createdBy.toLowerCase(),
    },
    select: { id: true },
  })
  return { id: campaign.id, tokenSymbol: symbol, tokenDecimals: decimals }
}
