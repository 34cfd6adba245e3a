import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'
import { getDb } from '@/lib/db'
import { NotFoundError } from '@/lib/errors'
import { getProposalOrThrow, type ProposalDetail } from '@/lib/governance/get-proposal-or-throw'
import { AnalysisPanel } from '@/app/components/analysis-panel'
import { Markdown } from '@/app/components/markdown'

export const dynamic = 'force-dynamic'

type Params = Promise<{ slug: string; number: string }>

async function load(params: Params): Promise<ProposalDetail> {
  const { slug, number } = await params
  const parsed = Number(number)
  if (!Number.isSafeInteger(parsed) || parsed < 1) notFound()
  try {
    return await getProposalOrThrow(getDb(), { slug, number: parsed })
  } catch (error) {
    if (error instanceof NotFoundError) notFound()
    throw error
  }
}

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const proposal = await load(params)
  return { title: `${proposal.title} · ${proposal.space.name}` }
}

const dateFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })

export default async function ProposalPage({ params }: { params: Params }) {
  const proposal = await load(params)
  const { analysis } = proposal
  return (
    <article>
      <p>
        <Link href="/dao">{proposal.space.name}</Link> · proposal #{proposal.number}
      </p>
      <h1>{proposal.title}</h1>
      <dl className="facts">
        <dt>State</dt>
        <dd data-testid="proposal-state">{proposal.state}</dd>
        <dt>Voting</dt>
        <dd>
          {dateFormat.format(proposal.startAt)} to {dateFormat.format(proposal.endAt)} UTC
        </dd>
        <dt>Author</dt>
        <dd className="mono">{proposal.author}</dd>
        <dt>Snapshot</dt>
        <dd>block {proposal.snapshotBlock.toString()}</dd>
      </dl>

      <AnalysisPanel analysis={analysis} />

      <h2>Proposal</h2>
      <Markdown>{proposal.body}</Markdown>

      <h2>On-chain actions</h2>
      {proposal.actions.length === 0 ? (
        <p className="empty">This proposal executes nothing on-chain.</p>
      ) : (
        <ol className="actions">
          {proposal.actions.map((action, i) => (
            <li key={i}>
              <span className="mono">{action.signature ?? action.calldata.slice(0, 10)}</span> on{' '}
              <span className="mono">{action.target}</span>
              {action.value !== '0' && <> with {action.value} wei</>}
            </li>
          ))}
        </ol>
      )}
    </article>
  )
}
