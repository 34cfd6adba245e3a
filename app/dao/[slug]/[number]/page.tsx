import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'
import { Address } from '@/app/components/address'
import { AnalysisPanel } from '@/app/components/analysis-panel'
import { Markdown } from '@/app/components/markdown'
import { TokenAmount } from '@/app/components/token-amount'
import { getPublicClient } from '@/lib/chain/get-public-client'
import { getDb } from '@/lib/db'
import { NotFoundError } from '@/lib/errors'
import { formatDateTime } from '@/lib/format/format-date-time'
import { describeProposalActions } from '@/lib/governance/describe-proposal-actions'
import { getProposalExecution } from '@/lib/governance/get-proposal-execution'
import { getProposalOrThrow, type ProposalDetail } from '@/lib/governance/get-proposal-or-throw'
import { readSpaceToken } from '@/lib/governance/read-space-token'
import { getProposalResults } from '@/lib/governance/results/get-proposal-results'
import { listProposalVotes } from '@/lib/governance/results/list-proposal-votes'
import { votingTypeLabels } from '@/lib/governance/schema'
import { ExecutionPanel } from './_components/execution-panel'
import { LiveResults } from './_components/live-results'
import { VotePanel } from './_components/vote-panel'

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

export default async function ProposalPage({ params }: { params: Params }) {
  const proposal = await load(params)
  const db = getDb()
  const token = { address: proposal.space.tokenAddress, ...(await readSpaceToken(getPublicClient(), proposal.space.tokenAddress)) }
  const [results, votes, execution] = await Promise.all([
    getProposalResults(db, { proposalId: proposal.id }),
    listProposalVotes(db, { proposalId: proposal.id, pageSize: 10 }),
    getProposalExecution(db, { proposal }),
  ])
  const { actions, names, analysis } = describeProposalActions(proposal, token)

  return (
    <article className="proposal">
      <p>
        <Link href={`/dao/${proposal.space.slug}`}>{proposal.space.name}</Link> · proposal #{proposal.number}
      </p>
      <h1>{proposal.title}</h1>
      <dl className="facts">
        <dt>State</dt>
        <dd data-testid="proposal-state">{proposal.state}</dd>
        <dt>Voting type</dt>
        <dd data-testid="voting-type">
          {votingTypeLabels[proposal.votingType]}
          {proposal.maxPicks !== null && `, up to ${proposal.maxPicks} picks`}
        </dd>
        <dt>Voting</dt>
        <dd>
          {formatDateTime(proposal.startAt)} to {formatDateTime(proposal.endAt)}
        </dd>
        <dt>Author</dt>
        <dd>
          <Address address={proposal.author} name={names[proposal.author.toLowerCase()]} />
        </dd>
        <dt>Snapshot</dt>
        <dd>block {proposal.snapshotBlock.toString()}</dd>
        <dt>Quorum</dt>
        <dd>
          <TokenAmount value={proposal.space.quorum} decimals={token.decimals} symbol={token.symbol} />
        </dd>
        {proposal.discussionUrl && (
          <>
            <dt>Discussion</dt>
            <dd>
              <a href={proposal.discussionUrl} rel="noopener noreferrer nofollow" target="_blank">
                {new URL(proposal.discussionUrl).host}
              </a>
            </dd>
          </>
        )}
      </dl>

      <div className="proposal-grid">
        <div>
          <VotePanel
            proposal={{
              id: proposal.id,
              type: proposal.votingType,
              choices: proposal.choices,
              maxPicks: proposal.maxPicks,
              state: proposal.state,
              chainId: proposal.space.chainId,
              token: proposal.space.tokenAddress,
              snapshotBlock: proposal.snapshotBlock.toString(),
            }}
            token={token}
          />
          <LiveResults initialResults={results} initialVotes={votes} token={token} names={names} />
        </div>
        <div>
          <AnalysisPanel analysis={analysis} />
          <section aria-labelledby="proposal-text-heading">
            <h2 id="proposal-text-heading">Proposal</h2>
            <Markdown>{proposal.body}</Markdown>
          </section>
          <section aria-labelledby="actions-heading">
            <h2 id="actions-heading">On-chain actions</h2>
            {actions.length === 0 ? (
              <p className="empty">This proposal executes nothing on-chain.</p>
            ) : (
              <ol className="actions">
                {actions.map((action) => (
                  <li key={action.index} data-testid="decoded-action">
                    {action.description}
                    <div className="hint">
                      Calls <span className="mono">{action.signature ?? action.selector ?? 'no function'}</span> on{' '}
                      <Address address={action.target} name={names[action.target.toLowerCase()]} />
                      {action.value !== '0' && (
                        <>
                          {' '}
                          sending <TokenAmount value={action.value} decimals={18} symbol="ETH" />
                        </>
                      )}
                    </div>
                  </li>
                ))}
              </ol>
            )}
          </section>
          {execution && <ExecutionPanel execution={execution} />}
        </div>
      </div>
    </article>
  )
}
