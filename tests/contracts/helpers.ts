import {
  BaseError,
  ContractFunctionRevertedError,
  keccak256,
  toHex,
  type Address,
  type Hash,
  type Hex,
  type TransactionReceipt,
} from 'viem'
import { privateKeyToAccount, type PrivateKeyAccount } from 'viem/accounts'
import { buildTree, getMultiProof, getProof, type MerkleTree } from '@/lib/merkle'
import type { ChainClients } from '@/lib/chain/clients'
import { devAccounts } from '@/lib/chain/dev-accounts'

export const allocationEncoding = ['uint256', 'address', 'uint256'] as const

export type Allocation = { index: bigint; account: Address; amount: bigint }

export const devSigners = devAccounts.map((account) => privateKeyToAccount(account.privateKey))

/** A throwaway account with a known key: `seed` picks it deterministically. */
export function testSigner(seed: string | number): PrivateKeyAccount {
  return privateKeyToAccount(keccak256(toHex(`arbor-test-${seed}`)))
}

/** The custom error a call reverted with, by name (viem decodes it from the ABI). */
export async function revertName(call: Promise<unknown>): Promise<string | undefined> {
  try {
    await call
  } catch (error) {
    const reverted = error instanceof BaseError ? error.walk((e) => e instanceof ContractFunctionRevertedError) : null
    if (reverted instanceof ContractFunctionRevertedError) return reverted.data?.errorName ?? reverted.signature
    throw error
  }
  throw new Error('expected the call to revert')
}

/** Waits for a transaction and fails unless it succeeded. */
export async function mined(publicClient: ChainClients['publicClient'], hash: Hash | Promise<Hash>): Promise<TransactionReceipt> {
  const receipt = await publicClient.waitForTransactionReceipt({ hash: await hash })
  if (receipt.status !== 'success') throw new Error(`transaction ${receipt.transactionHash} reverted`)
  return receipt
}

export async function latestTimestamp(publicClient: ChainClients['publicClient']): Promise<bigint> {
  return (await publicClient.getBlock()).timestamp
}

/** Moves anvil's clock forward and mines a block at the new time. */
export async function increaseTime(publicClient: ChainClients['publicClient'], seconds: number): Promise<void> {
  await publicClient.request({ method: 'evm_increaseTime', params: [toHex(seconds)] } as never)
  await publicClient.request({ method: 'evm_mine' } as never)
}

/** An OpenZeppelin standard tree of `(index, account, amount)` leaves, built by lib/merkle. */
export function allocationTree(allocations: readonly Allocation[], sortLeaves = true): MerkleTree {
  return buildTree({
    values: allocations.map((a) => [a.index, a.account, a.amount]),
    leafEncoding: allocationEncoding,
    sortLeaves,
  })
}

export function proofOf(tree: MerkleTree, position: number): Hex[] {
  return getProof(tree, position)
}

/** A multiproof over the allocations at `positions`, with them in the order the contract consumes. */
export function multiProofOf(tree: MerkleTree, positions: readonly number[]) {
  const { leaves, proof, proofFlags } = getMultiProof(tree, positions)
  return {
    allocations: leaves.map(([index, account, amount]) => ({
      index: BigInt(index as bigint),
      account: account as Address,
      amount: BigInt(amount as bigint),
    })),
    proof,
    proofFlags,
  }
}
