import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'
import { getDb } from '@/lib/db'
import { NotFoundError } from '@/lib/errors'
import { getProposalOrThrow, type ProposalDetail } from '@/lib/governance/get-proposal-or-throw'
import { Markdown } from '../../markdown'

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

      <section aria-labelledby="analysis-heading" className="card analysis" data-testid="analysis">
        <h2 id="analysis-heading">Analyst</h2>
        {analysis ? (
          <>
            <p>
              <strong className={`risk risk-${analysis.level}`} data-testid="risk-level">
                {analysis.level} risk
              </strong>{' '}
              <span data-testid="risk-score">({analysis.riskScore}/100)</span> ·{' '}
              {analysis.provider === 'openai' ? `AI summary by ${analysis.model ?? 'OpenAI'}` : 'offline analysis (rules, no AI)'}
            </p>
            <p data-testid="analysis-tldr">{analysis.summary.tldr}</p>
            <ul>
              {analysis.summary.bullets.map((bullet, i) => (
                <li key={i}>{bullet}</li>
              ))}
            </ul>
            {analysis.findings.length > 0 && (
              <>
                <h3>Findings</h3>
                <ul className="findings">
                  {analysis.findings.map((finding, i) => (
                    <li key={i} data-testid="finding">
                      <strong className={`risk risk-${finding.severity}`}>{finding.severity}</strong> {finding.message}
                      {finding.evidence && <div className="mono empty">{finding.evidence}</div>}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </>
        ) : (
          <p className="empty">Not analyzed yet.</p>
        )}
      </section>

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
