import { parseAbiItem, type Address } from 'viem'
import type { ChainClients } from '../chain/clients'

export type ClaimedPoint = {
  /** Unix seconds of the block. */
  time: number
  /** Cumulative claims and amount (base units) up to this block. */
  claims: number
  amount: string
}

const claimedEvent = parseAbiItem('event Claimed(uint256 index, address indexed account, address indexed to, uint256 amount)')

/**
 * Claimed count and amount over time, from the distributor's `Claimed` events on the chain (one
 * point per block with claims), since `fromBlock` (default 0).
 */
export async function listClaimedEvents(
  publicClient: ChainClients['publicClient'],
  { distributor, fromBlock = 0n }: { distributor: Address; fromBlock?: bigint },
): Promise<ClaimedPoint[]> {
  const logs = await publicClient.getLogs({ address: distributor, event: claimedEvent, fromBlock, toBlock: 'latest' })
  const byBlock = new Map<bigint, { claims: number; amount: bigint }>()
  for (const log of logs) {
    const entry = byBlock.get(log.blockNumber!) ?? { claims: 0, amount: 0n }
    entry.claims++
    entry.amount += log.args.amount ?? 0n
    byBlock.set(log.blockNumber!, entry)
  }
  const points: ClaimedPoint[] = []
  let claims = 0
  let amount = 0n
  for (const [blockNumber, entry] of [...byBlock].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const block = await publicClient.getBlock({ blockNumber })
    claims += entry.claims
    amount += entry.amount
    points.push({ time: Number(block.timestamp), claims, amount: amount.toString() })
  }
  return points
}
