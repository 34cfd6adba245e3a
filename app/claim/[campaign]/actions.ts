'use server'

import { isAddress } from 'viem'
import { NotEligibleError } from '@/lib/airdrop/errors'
import { getClaimProof } from '@/lib/airdrop/get-claim-proof'
import { getDb } from '@/lib/db'

/** An address's leaf in a campaign, JSON-safe (`amount` in base units as a decimal string). */
export type AllocationLookup =
  | { eligible: true; index: number; account: `0x${string}`; amount: string; proof: `0x${string}`[] }
  | { eligible: false; account: string }
  | { error: string }

/** Whether `account` is in campaign `campaignId`, with its proof: what the claim panel needs to claim. */
export async function lookUpAllocation(campaignId: string, account: string): Promise<AllocationLookup> {
  const trimmed = account.trim()
  if (!isAddress(trimmed, { strict: false })) return { error: 'Enter an address: 0x followed by 40 hex characters.' }
  try {
    const { index, account: checksummed, amount, proof } = await getClaimProof(getDb(), { campaignId, account: trimmed })
    return { eligible: true, index, account: checksummed, amount: amount.toString(), proof }
  } catch (error) {
    if (error instanceof NotEligibleError) return { eligible: false, account: trimmed }
    throw error
  }
}
