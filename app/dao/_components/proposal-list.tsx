import Link from 'next/link'
import { formatDateTime } from '@/lib/format/format-date-time'
import type { ProposalStateName } from '@/lib/governance/proposal-state'
import { votingTypeLabels, type VotingTypeName } from '@/lib/governance/schema'

const stateWords: Record<ProposalStateName, string> = { pending: 'Not started', active: 'Open', closed: 'Ended', settled: 'Settled', canceled: 'Canceled' }

/** Proposals as a list: number, title, state in words (not colour alone), voting type, end. */
export function ProposalList({ slug, proposals }: { slug: string; proposals: { number: number; title: string; state: ProposalStateName; votingType: VotingTypeName; endAt: Date }[] }) {
  if (proposals.length === 0) return <p className="empty">No proposals yet.</p>
  return (
    <ul className="plain proposal-list">
      {proposals.map((proposal) => (
        <li key={proposal.number} data-testid="proposal-item">
          <Link href={`/dao/${slug}/${proposal.number}`}>
            #{proposal.number} {proposal.title}
          </Link>
          <div className="hint">
            <span className={`state state-${proposal.state}`} data-testid="proposal-item-state">
              {stateWords[proposal.state]}
            </span>{' '}
            · {votingTypeLabels[proposal.votingType]} · {proposal.state === 'active' || proposal.state === 'pending' ? 'ends' : 'ended'} {formatDateTime(proposal.endAt)}
          </div>
        </li>
      ))}
    </ul>
  )
}
