import { erc20Abi, type Address } from 'viem'
import type { ChainClients } from '../chain/clients'

export type CampaignFunding = {
  /** Token balance of the distributor, base units. */
  balance: bigint
  /** Total of the campaign minus what was claimed on chain, base units. */
  owed: bigint
  /** owed − balance when positive, else 0n: the campaign is underfunded by this much. */
  shortfall: bigint
}

/** Whether the distributor holds enough for every unclaimed allocation, read from the chain. */
export async function readCampaignFunding(
  publicClient: ChainClients['publicClient'],
  { token, distributor, total, claimed }: { token: Address; distributor: Address; total: bigint; claimed: bigint },
): Promise<CampaignFunding> {
  const balance = await publicClient.readContract({ address: token, abi: erc20Abi, functionName: 'balanceOf', args: [distributor] })
  const owed = total - claimed
  return { balance, owed, shortfall: owed > balance ? owed - balance : 0n }
}
