import type { Address, PublicClient } from 'viem'
import { votesAbi } from './get-voting-power'

export type ExplainNoVotingPowerParameters = { token: string; snapshotBlock: bigint; voter: string }

export type ExplainNoVotingPowerReturnType = {
  /** `no-tokens`: held none at the block; `not-delegated`: held some, delegated to nobody; `delegated-away`: delegated to someone else. */
  reason: 'no-tokens' | 'not-delegated' | 'delegated-away'
  message: string
}

/**
 * Why an ERC20Votes token gave `voter` no votes at `snapshotBlock`, in a sentence for the voter:
 * the balance at the block, and whom the voter delegates to now. Three reads, only on a refusal.
 */
export async function explainNoVotingPower(client: Pick<PublicClient, 'readContract'>, { token, snapshotBlock, voter }: ExplainNoVotingPowerParameters): Promise<ExplainNoVotingPowerReturnType> {
  const address = token as Address
  const account = voter as Address
  const [balance, delegate] = await Promise.all([
    // The balance at the snapshot block; a node without that block's state answers the latest.
    client
      .readContract({ address, abi: votesAbi, functionName: 'balanceOf', args: [account], blockNumber: snapshotBlock })
      .catch(() => client.readContract({ address, abi: votesAbi, functionName: 'balanceOf', args: [account] })),
    client.readContract({ address, abi: votesAbi, functionName: 'delegates', args: [account] }),
  ])
  if (balance === 0n) {
    return { reason: 'no-tokens', message: `${voter} held no voting tokens at block ${snapshotBlock}, the proposal's snapshot, so it has no voting power on this proposal.` }
  }
  const delegatee = delegate.toLowerCase()
  if (delegatee !== '0x0000000000000000000000000000000000000000' && delegatee !== voter.toLowerCase()) {
    return { reason: 'delegated-away', message: `${voter} held tokens at block ${snapshotBlock} but has delegated its votes to ${delegatee}, who votes with them.` }
  }
  return {
    reason: 'not-delegated',
    message: `${voter} held tokens at block ${snapshotBlock} but had not delegated them: ERC20Votes counts only delegated votes. Delegate to yourself (delegate(${voter})) to vote on proposals whose snapshot comes after that.`,
  }
}
