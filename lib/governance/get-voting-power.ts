import type { Address, PublicClient } from 'viem'

export const votesAbi = [
  { type: 'function', name: 'getPastVotes', stateMutability: 'view', inputs: [{ name: 'account', type: 'address' }, { name: 'timepoint', type: 'uint256' }], outputs: [{ name: '', type: 'uint256' }] },
  { type: 'function', name: 'balanceOf', stateMutability: 'view', inputs: [{ name: 'account', type: 'address' }], outputs: [{ name: '', type: 'uint256' }] },
  { type: 'function', name: 'delegates', stateMutability: 'view', inputs: [{ name: 'account', type: 'address' }], outputs: [{ name: '', type: 'address' }] },
] as const

/** Calls one deployless multicall can carry under the 48 KiB init code limit (about 224 bytes each). */
export const DEPLOYLESS_MAX_CALLS = 150

export type GetVotingPowerParameters = {
  /** The ERC20Votes (ERC-5805) token. */
  token: string
  /** The proposal's snapshot block (the token's clock must be block numbers, as ArborToken's). */
  snapshotBlock: bigint
  voters: readonly string[]
  /**
   * `getPastVotes` calls per multicall (one `eth_call` each). Default 500 through a deployed
   * Multicall3; a deployless multicall carries its calls in init code (at most 48 KiB, EIP-3860),
   * so it is capped at 150.
   */
  votersPerCall?: number
  /** Multicalls in flight at once. Default 4. */
  concurrency?: number
  /** Multicall3's address; default: the client chain's, else a deployless multicall (anvil has none). */
  multicallAddress?: Address
}

export type GetVotingPowerReturnType = {
  /** Each voter's delegated votes at the snapshot block, base units, in the order of `voters`. */
  powers: bigint[]
  /** `eth_call`s made (one per multicall). */
  rpcCalls: number
}

/**
 * Voting power at a proposal's snapshot block: ERC20Votes `getPastVotes(voter, snapshotBlock)`,
 * batched `votersPerCall` to a multicall (viem `multicall`, failures throw). ERC20Votes counts only
 * delegated votes: an undelegated holder's power is 0 (see `explainNoVotingPower`).
 */
export async function getVotingPower(
  client: Pick<PublicClient, 'multicall' | 'chain'>,
  { token, snapshotBlock, voters, votersPerCall: asked = 500, concurrency = 4, multicallAddress }: GetVotingPowerParameters,
): Promise<GetVotingPowerReturnType> {
  const address = multicallAddress ?? client.chain?.contracts?.multicall3?.address
  const votersPerCall = address ? asked : Math.min(asked, DEPLOYLESS_MAX_CALLS)
  const chunks: (readonly string[])[] = []
  for (let i = 0; i < voters.length; i += votersPerCall) chunks.push(voters.slice(i, i + votersPerCall))
  const results: bigint[][] = new Array(chunks.length)
  let next = 0
  async function worker() {
    while (next < chunks.length) {
      const index = next++
      results[index] = (await client.multicall({
        contracts: chunks[index]!.map((voter) => ({ address: token as Address, abi: votesAbi, functionName: 'getPastVotes' as const, args: [voter as Address, snapshotBlock] as const })),
        allowFailure: false,
        // Read at the latest block: getPastVotes(…, N) reverts (ERC5805FutureLookup) in a call
        // executed at block N itself, and past checkpoints never change.
        batchSize: 0,
        ...(address ? { multicallAddress: address } : { deployless: true }),
      })) as bigint[]
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, chunks.length) }, worker))
  return { powers: results.flat(), rpcCalls: chunks.length }
}
