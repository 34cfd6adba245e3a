import type { Finding } from '../schema'
import type { RuleContext } from './types'

const day = 24 * 3600

/**
 * Voting power the proposer acquired just before proposing: flash-loaned or bought for the vote.
 * Motivation: Beanstalk (April 2022) — $1B flash loan, proposal executed in the same transaction;
 * Build Finance (Feb 2022) and Fortress Protocol (May 2022) — tokens bought days before the vote.
 */
export function proposerPower({ input }: RuleContext): Finding[] {
  const ago = input.context?.proposerVotingPowerAcquiredSecondsAgo
  if (ago === undefined) return []
  const evidence = `proposerVotingPowerAcquiredSecondsAgo = ${ago}`
  if (ago < day) {
    return [{ rule: 'proposer-power', severity: 'critical', message: 'The proposer acquired its voting power less than a day ago (a flash loan or a purchase for this vote).', evidence }]
  }
  if (ago < 7 * day) {
    return [{ rule: 'proposer-power', severity: 'high', message: `The proposer acquired its voting power ${Math.floor(ago / day)} days ago.`, evidence }]
  }
  if (ago < 30 * day) {
    return [{ rule: 'proposer-power', severity: 'medium', message: `The proposer acquired its voting power ${Math.floor(ago / day)} days ago.`, evidence }]
  }
  return []
}
