import type { Address, PublicClient } from 'viem'

/** How far back the search looks, in seconds: code younger than this is "recent". */
export const recentDeploymentSeconds = 7 * 86_400

export type FindDeploymentBlockParameters = {
  address: Address
  /** The block the question is asked at (the fork block); the address has code there. */
  atBlock: bigint
  /** Default `recentDeploymentSeconds`. */
  windowSeconds?: number
}

/**
 * When the code at `address` appeared, if within the last `windowSeconds` before `atBlock`:
 * `{ block, secondsBefore }`; `'older'` when it already had code at the start of the window;
 * `undefined` when the node cannot answer state at past blocks (not an archive node).
 * Cost: about 2 block reads plus log2(blocks in the window) `eth_getCode` calls (~20 on mainnet).
 * Assumes code, once there, stays (a contract destroyed and redeployed inside the window reads as
 * deployed at the later time, which is the one that matters).
 */
export async function findDeploymentBlock(client: Pick<PublicClient, 'getCode' | 'getBlock'>, { address, atBlock, windowSeconds = recentDeploymentSeconds }: FindDeploymentBlockParameters): Promise<{ block: bigint; secondsBefore: number } | 'older' | undefined> {
  const hasCode = async (blockNumber: bigint) => ((await client.getCode({ address, blockNumber })) ?? '0x') !== '0x'
  try {
    const latest = await client.getBlock({ blockNumber: atBlock })
    // Block time from the last (up to) 1000 blocks, to turn the window into blocks.
    const sample = atBlock < 1000n ? atBlock : 1000n
    const earlier = sample > 0n ? await client.getBlock({ blockNumber: atBlock - sample }) : latest
    const secondsPerBlock = sample > 0n ? Number(latest.timestamp - earlier.timestamp) / Number(sample) : 0
    const windowBlocks = secondsPerBlock > 0 ? BigInt(Math.ceil(windowSeconds / secondsPerBlock)) : atBlock
    let low = atBlock > windowBlocks ? atBlock - windowBlocks : 0n
    if (await hasCode(low)) {
      if (low > 0n) return 'older'
      return { block: 0n, secondsBefore: Number(latest.timestamp - (await client.getBlock({ blockNumber: 0n })).timestamp) }
    }
    let high = atBlock
    while (high - low > 1n) {
      const middle = (low + high) / 2n
      if (await hasCode(middle)) high = middle
      else low = middle
    }
    const deployed = await client.getBlock({ blockNumber: high })
    const secondsBefore = Number(latest.timestamp - deployed.timestamp)
    return secondsBefore > windowSeconds ? 'older' : { block: high, secondsBefore }
  } catch {
    return undefined
  }
}
