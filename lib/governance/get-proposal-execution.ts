import { getAddress, type Address, type Hex } from 'viem'
import type { Db } from '@/lib/db'
import type { ProposalDetail } from './get-proposal-or-throw'
import { onChainProposalId } from './settlement/vote-leaf'

/** What the proposal page's execution panel reads from the chain. `value` in wei as a decimal string. */
export type ProposalExecution = {
  chainId: number
  settlement: Address
  executor: Address
  timelock: Address
  guardian: Address
  /** The proposal's id in `ArborSettlement` (`onChainProposalId`). */
  proposalId: Hex
  actions: { target: Address; value: string; calldata: Hex }[]
}

/**
 * The addresses and actions needed to queue, execute or veto a proposal, or `null` when it has
 * nothing to execute: not a basic proposal, no actions, no treasury on its space, or no
 * `ArborSettlement` deployment recorded for the space's chain.
 */
export async function getProposalExecution(
  db: Db,
  { proposal }: { proposal: Pick<ProposalDetail, 'id' | 'votingType' | 'actions' | 'space'> },
): Promise<ProposalExecution | null> {
  const { space } = proposal
  if (proposal.votingType !== 'basic' || proposal.actions.length === 0) return null
  if (!space.executorAddress || !space.timelockAddress || !space.guardianAddress) return null
  const settlement = await db.deployment.findUnique({ where: { chainId_name: { chainId: space.chainId, name: 'ArborSettlement' } }, select: { address: true } })
  if (!settlement) return null
  return {
    chainId: space.chainId,
    settlement: getAddress(settlement.address),
    executor: space.executorAddress,
    timelock: space.timelockAddress,
    guardian: space.guardianAddress,
    proposalId: onChainProposalId(proposal.id),
    actions: proposal.actions.map(({ target, value, calldata }) => ({ target: getAddress(target), value: String(value ?? '0'), calldata })),
  }
}
