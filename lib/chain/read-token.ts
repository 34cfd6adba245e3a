import { erc20Abi, type Address, type PublicClient } from 'viem'

export type TokenInfo = {
  address: Address
  name: string
  symbol: string
  decimals: number
  totalSupply: bigint
}

/** Name, symbol, decimals and supply of any ERC-20, read from the chain (no multicall needed). */
export async function readTokenInfo(publicClient: PublicClient, address: Address): Promise<TokenInfo> {
  const read = <functionName extends 'name' | 'symbol' | 'decimals' | 'totalSupply'>(functionName: functionName) =>
    publicClient.readContract({ address, abi: erc20Abi, functionName })
  const [name, symbol, decimals, totalSupply] = await Promise.all([
    read('name'),
    read('symbol'),
    read('decimals'),
    read('totalSupply'),
  ])
  return { address, name, symbol, decimals, totalSupply }
}
