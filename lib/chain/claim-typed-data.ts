import type { Address, TypedDataDefinition } from 'viem'

/** The EIP-712 type a recipient signs so a relayer can submit `claimWithSig` or `claimMany`. */
export const claimTypes = {
  Claim: [
    { name: 'index', type: 'uint256' },
    { name: 'account', type: 'address' },
    { name: 'amount', type: 'uint256' },
    { name: 'to', type: 'address' },
    { name: 'deadline', type: 'uint256' },
  ],
} as const

export type GetClaimTypedDataParameters = {
  chainId: number
  /** The campaign's distributor: the domain's verifying contract. */
  distributor: Address
  index: bigint
  account: Address
  amount: bigint
  /** Where the tokens go. */
  to: Address
  /** Unix seconds; the claim reverts (or is skipped in a batch) after it. */
  deadline: bigint
}

export type GetClaimTypedDataReturnType = TypedDataDefinition<typeof claimTypes, 'Claim'>

/** The typed data for `signTypedData`; its domain binds the signature to one chain and one distributor. */
export function getClaimTypedData({
  chainId,
  distributor,
  index,
  account,
  amount,
  to,
  deadline,
}: GetClaimTypedDataParameters): GetClaimTypedDataReturnType {
  return {
    domain: { name: 'ArborDistributor', version: '1', chainId, verifyingContract: distributor },
    types: claimTypes,
    primaryType: 'Claim',
    message: { index, account, amount, to, deadline },
  }
}
