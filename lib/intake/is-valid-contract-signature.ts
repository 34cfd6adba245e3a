import type { PublicClient } from 'viem'

const erc1271Abi = [
  {
    type: 'function',
    name: 'isValidSignature',
    stateMutability: 'view',
    inputs: [
      { name: 'hash', type: 'bytes32' },
      { name: 'signature', type: 'bytes' },
    ],
    outputs: [{ name: '', type: 'bytes4' }],
  },
] as const

const MAGIC_VALUE = '0x1626ba7e'

export type IsValidContractSignatureParameters = { address: string; digest: string; signature: string }

/** ERC-1271, the slow path for contract wallets: one `isValidSignature` call over RPC. */
export async function isValidContractSignature(
  client: Pick<PublicClient, 'readContract'>,
  { address, digest, signature }: IsValidContractSignatureParameters,
): Promise<boolean> {
  try {
    const result = await client.readContract({
      address: address as `0x${string}`,
      abi: erc1271Abi,
      functionName: 'isValidSignature',
      args: [digest as `0x${string}`, signature as `0x${string}`],
    })
    return result.toLowerCase() === MAGIC_VALUE
  } catch {
    // an EOA (no code) or a wallet that reverts: not a valid contract signature
    return false
  }
}
