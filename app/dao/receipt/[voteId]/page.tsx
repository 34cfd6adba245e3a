import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'
import type { Address as AddressType } from 'viem'
import { Address } from '@/app/components/address'
import { TokenAmount } from '@/app/components/token-amount'
import { CopyButton } from '@/app/components/ui/copy-button'
import { getPublicClient } from '@/lib/chain/get-public-client'
import { getDatabase } from '@/lib/db/get-database'
import { clientEnv, env } from '@/lib/env'
import { NotFoundError, ValidationError } from '@/lib/errors'
import { formatDateTime } from '@/lib/format/format-date-time'
import { readSpaceToken } from '@/lib/governance/read-space-token'
import { getVoteReceiptView } from '@/lib/governance/get-vote-receipt-view'
import { describeChoice } from '@/lib/governance/results/format-results'
import { VerifyReceipt } from './_components/verify-receipt'

export const dynamic = 'force-dynamic'

type Params = Promise<{ voteId: string }>

async function load(params: Params) {
  const { voteId } = await params
  if (!/^0x[0-9a-fA-F]{64}$/.test(voteId)) notFound()
  try {
    return await getVoteReceiptView(getDatabase().sql, { voteId, settlementAddress: env.SETTLEMENT_ADDRESS })
  } catch (error) {
    if (error instanceof NotFoundError || error instanceof ValidationError) notFound()
    throw error
  }
}

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { proposal } = await load(params)
  return { title: `Vote receipt · ${proposal.title}` }
}

function HexList({ label, nodes, testId }: { label: string; nodes: readonly string[]; testId: string }) {
  return (
    <details className="hex-details" data-testid={testId}>
      <summary>
        {label} ({nodes.length === 1 ? '1 node' : `${nodes.length} nodes`})
      </summary>
      <ol className="hex-list">
        {nodes.map((node, i) => (
          <li key={i}>
            <span className="mono">{node}</span> <CopyButton value={node} label={`Copy ${label.toLowerCase()} node ${i + 1}`} />
          </li>
        ))}
      </ol>
      <CopyButton value={JSON.stringify(nodes)} label={`Copy the whole ${label.toLowerCase()} as JSON`} />
    </details>
  )
}

/**
 * A vote's receipt: the vote in words, whether it counted, its leaf and proof, and a check the voter
 * runs in the browser against the root on-chain (through their wallet or an RPC they pick).
 */
export default async function VoteReceiptPage({ params }: { params: Params }) {
  const { receipt, proposal } = await load(params)
  const { vote } = receipt
  const token = await readSpaceToken(getPublicClient(), proposal.space.tokenAddress as AddressType).catch(() => ({ symbol: '', decimals: 18 }))
  const proposalHref = `/dao/${proposal.space.slug}/${proposal.number}`
  const votingOpen = proposal.state === 'active' || proposal.state === 'pending'
  const json = JSON.stringify(receipt, null, 2)
  const status =
    receipt.status === 'counted'
      ? 'Counted in the settled result.'
      : receipt.status === 'superseded'
        ? 'Replaced by a later vote — this one was not counted.'
        : `Accepted, not yet counted: ${votingOpen ? 'voting is still open' : 'settlement pending'}.`

  return (
    <article className="receipt">
      <p>
        <Link href={`/dao/${proposal.space.slug}`}>{proposal.space.name}</Link> · <Link href={proposalHref}>proposal #{proposal.number}</Link>
      </p>
      <h1>Vote receipt</h1>
      <p className={receipt.status === 'superseded' ? 'notice' : receipt.status === 'counted' ? 'verified' : 'notice'} data-testid="receipt-status" data-status={receipt.status}>
        <strong>{status}</strong>{' '}
        {receipt.status === 'superseded' && receipt.supersededBy && (
          <>
            The same voter voted again before the end, and only the latest vote counts.{' '}
            <Link href={`/dao/receipt/${receipt.supersededBy}`} data-testid="counted-vote-link">
              See the vote that counted
            </Link>
            .
          </>
        )}
        {receipt.status === 'counted' && 'Its leaf is in the Merkle tree whose root ArborSettlement holds for this proposal; check it below.'}
        {receipt.status === 'accepted' &&
          `Arbor ${receipt.intake ? 'logged the signed vote in an intake batch' : 'recorded the signed vote'}; once the proposal settles, it is proven against the votes root on-chain.`}
      </p>

      <dl className="facts" data-testid="receipt-vote">
        <dt>Proposal</dt>
        <dd>
          <Link href={proposalHref}>{proposal.title}</Link>
        </dd>
        <dt>Voter</dt>
        <dd>
          <Address address={vote.voter} />
        </dd>
        <dt>Ballot</dt>
        <dd data-testid="receipt-ballot">{describeChoice(proposal.votingType, vote.choice, proposal.choices)}</dd>
        <dt>Voting power</dt>
        <dd>
          <TokenAmount value={vote.votingPower} decimals={token.decimals} symbol={token.symbol} />
        </dd>
        <dt>Signed</dt>
        <dd>
          <time dateTime={vote.timestamp}>{formatDateTime(new Date(vote.timestamp))}</time>
        </dd>
        <dt>Reason</dt>
        <dd>{vote.reason || <span className="hint">none given</span>}</dd>
        <dt>Vote id</dt>
        <dd>
          <span className="mono">{vote.id}</span> <CopyButton value={vote.id} label="Copy the vote id" />
        </dd>
      </dl>

      {receipt.status === 'counted' || (receipt.status === 'accepted' && receipt.intake) ? (
        <VerifyReceipt receipt={receipt} defaultRpcUrl={clientEnv.NEXT_PUBLIC_RPC_URL} />
      ) : (
        receipt.status === 'accepted' && (
          <p className="hint" data-testid="nothing-to-verify">
            This vote was recorded without the intake log (demo data), so there is nothing on-chain to check it against until the proposal settles.
          </p>
        )
      )}

      <section aria-labelledby="proof-heading" className="receipt-proof">
        <h2 id="proof-heading">Leaf and proof</h2>
        {receipt.leaf && receipt.proof ? (
          <>
            <p className="hint">
              The leaf is OpenZeppelin&apos;s standard leaf of (vote id, voter, ballot hash, voting power in base units); any <span className="mono">MerkleProof</span> or{' '}
              <span className="mono">@openzeppelin/merkle-tree</span> verifies it against the votes root.
            </p>
            <details className="hex-details" data-testid="receipt-leaf">
              <summary>Leaf</summary>
              <dl className="facts">
                <dt>Vote id</dt>
                <dd className="mono">{receipt.leaf.values[0]}</dd>
                <dt>Voter</dt>
                <dd className="mono">{receipt.leaf.values[1]}</dd>
                <dt>Ballot hash</dt>
                <dd className="mono">{receipt.leaf.values[2]}</dd>
                <dt>Power (base units)</dt>
                <dd className="mono">{receipt.leaf.values[3]}</dd>
                <dt>Leaf hash</dt>
                <dd>
                  <span className="mono">{receipt.leaf.hash}</span> <CopyButton value={receipt.leaf.hash} label="Copy the leaf hash" />
                </dd>
                {receipt.votesRoot && (
                  <>
                    <dt>Votes root</dt>
                    <dd className="mono">{receipt.votesRoot}</dd>
                  </>
                )}
              </dl>
            </details>
            <HexList label="Proof" nodes={receipt.proof} testId="receipt-proof-nodes" />
          </>
        ) : (
          <p className="empty">
            {receipt.status === 'superseded' ? 'A replaced vote is not in the votes tree, so it has no proof of counting.' : 'The leaf and its proof appear once the proposal settles.'}
          </p>
        )}
        {receipt.intake && (
          <>
            <h3>Intake</h3>
            <p className="hint">
              Accepted in intake batch #{receipt.intake.batch.id} (root <span className="mono">{receipt.intake.batch.root}</span>)
              {receipt.intake.checkpoint ? `, in checkpoint ${receipt.intake.checkpoint.seq}.` : ', not in a checkpoint yet.'}
            </p>
            <HexList label="Batch proof" nodes={receipt.intake.proof} testId="receipt-batch-proof" />
            {receipt.intake.checkpoint && <HexList label="Checkpoint path" nodes={receipt.intake.checkpoint.proof} testId="receipt-checkpoint-path" />}
          </>
        )}
        <p>
          <a className="button" href={`data:application/json;charset=utf-8,${encodeURIComponent(json)}`} download={`vote-receipt-${vote.id.slice(0, 10)}.json`} data-testid="receipt-download">
            Download the receipt (JSON)
          </a>
        </p>
        <p className="hint">
          From a terminal, with no database and no Arbor server: <code>npx arbor receipt verify vote-receipt-{vote.id.slice(0, 10)}.json --rpc URL</code>
        </p>
      </section>
    </article>
  )
}
