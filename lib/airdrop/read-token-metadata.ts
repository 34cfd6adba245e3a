import { erc20Abi, getAddress, type Address, type PublicClient } from 'viem'

export type TokenMetadata = { address: Address; symbol: string; decimals: number }

export type ReadTokenMetadataParameters = { token: Address }

// Symbol and decimals of a deployed ERC-20 never change: read once per process and token.
const cache = new Map<string, Promise<TokenMetadata>>()

/**
 * An ERC-20's symbol and decimals, read from the chain and cached per token.
 * Throws viem's `ContractFunctionExecutionError` when the address is not an ERC-20.
 */
export function readTokenMetadata(client: Pick<PublicClient, 'readContract'>, { token }: ReadTokenMetadataParameters): Promise<TokenMetadata> {
  const address = getAddress(token)
  const cached = cache.get(address)
  if (cached) return cached
  const read = Promise.all([
    client.readContract({ address, abi: erc20Abi, functionName: 'symbol' }),
    client.readContract({ address, abi: erc20Abi, functionName: 'decimals' }),
  ]).then(([symbol, decimals]) => ({ address, symbol, decimals }))
  read.catch(() => cache.delete(address))
  if (cache.size > 1_000) cache.clear()
  cache.set(address, read)
  return read
}
