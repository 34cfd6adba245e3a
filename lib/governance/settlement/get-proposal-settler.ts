import type { Address } from 'viem'
import type { ChainClients } from '../../chain/clients'
import { getSettlementTarget, type GetSettlementTargetParameters } from '../../settlement/get-settlement-clients'

export type GetProposalSettlerParameters = GetSettlementTargetParameters

/**
 * The account that settles proposals and where: the settlement target that also posts checkpoints
 * (`getSettlementTarget`: SETTLEMENT_ADDRESS and SETTLER_PRIVATE_KEY on RPC_URL / CHAIN_ID,
 * overrides first). Undefined when either is missing: nothing can be settled.
 */
export function getProposalSettler(overrides: GetProposalSettlerParameters = {}): { settlement: Address; clients: ChainClients } | undefined {
  const target = getSettlementTarget(overrides)
  return target && { settlement: target.address, clients: target.clients }
}
