export type ProposalStateName = 'pending' | 'active' | 'closed' | 'settled' | 'canceled'

/** A proposal's state at `now`: canceled and settled are stored; otherwise the voting window decides. */
export function proposalStateAt(proposal: { state: string; startAt: Date; endAt: Date }, now: Date = new Date()): ProposalStateName {
  if (proposal.state === 'canceled' || proposal.state === 'settled') return proposal.state
  if (now < proposal.startAt) return 'pending'
  if (now <= proposal.endAt) return 'active'
  return 'closed'
}
