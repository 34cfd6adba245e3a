import { erc20Abi, type Address, type PublicClient } from 'viem'

const cache = new Map<string, Promise<{ symbol: string; decimals: number }>>()

/** A space token's symbol and decimals, read once per process (they never change). */
export function readSpaceToken(client: PublicClient, address: Address): Promise<{ symbol: string; decimals: number }> {
  const key = address.toLowerCase()
  let token = cache.get(key)
  if (!token) {
    token = Promise.all([
      client.readContract({ address, abi: erc20Abi, functionName: 'symbol' }),
      client.readContract({ address, abi: erc20Abi, functionName: 'decimals' }),
    ]).then(([symbol, decimals]) => ({ symbol, decimals }))
    token.catch(() => cache.delete(key))
    cache.set(key, token)
  }
  return token
}
