import { getAddress, type Address, type Hex } from 'viem'
import type { Db } from '@/lib/db'
import { NotFoundError } from '@/lib/errors'

export type GetGaslessClaimOrThrowParameters = {
  /** The signed claim's id: its EIP-712 digest, 0x-hex (any case). */
  messageId: string
}

export type GetGaslessClaimOrThrowReturnType = {
  messageId: Hex
  campaignId: string
  index: number
  account: Address
  to: Address
  /** In the token's base units, as a decimal string (JSON-safe). */
  amount: string
  /** `pending` (waiting for a relayer batch), `submitted` (batch sent), `confirmed` (on chain) or `failed`. */
  status: 'pending' | 'submitted' | 'confirmed' | 'failed'
  /** The relayer's transaction, once sent. */
  txHash: Hex | null
  updatedAt: string
}

/** Where a gasless claim stands, for the page that follows it. Throws `NotFoundError` when no claim has this id. */
export async function getGaslessClaimOrThrow(db: Db, { messageId }: GetGaslessClaimOrThrowParameters): Promise<GetGaslessClaimOrThrowReturnType> {
  const claim = await db.claim.findUnique({ where: { messageId: messageId.toLowerCase() } })
  if (!claim) throw new NotFoundError(`No gasless claim ${messageId}.`, { field: 'messageId' })
  return {
    messageId: claim.messageId as Hex,
    campaignId: claim.campaignId,
    index: claim.index,
    account: getAddress(claim.account),
    to: getAddress(claim.to),
    amount: claim.amount.toFixed(),
    status: claim.status,
    txHash: (claim.txHash as Hex | null) ?? null,
    updatedAt: claim.updatedAt.toISOString(),
  }
}
