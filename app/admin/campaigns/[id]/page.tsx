import type { Metadata } from 'next'
import Link from 'next/link'
import { cookies } from 'next/headers'
import { notFound } from 'next/navigation'
import type { Address } from 'viem'
import { Address as AddressView } from '@/app/components/address'
import { AllocationHistogram } from '@/app/components/charts/allocation-histogram'
import { ClaimsChart } from '@/app/components/charts/claims-chart'
import { TokenAmount } from '@/app/components/token-amount'
import { distributorCampaignOf } from '@/lib/airdrop/distributor-campaign-of'
import { CampaignNotFoundError } from '@/lib/airdrop/errors'
import { getCampaignClaimStats } from '@/lib/airdrop/get-campaign-claim-stats'
import { getCampaignOrThrow } from '@/lib/airdrop/get-campaign-or-throw'
import { getCampaignReview } from '@/lib/airdrop/get-campaign-review'
import { listClaimedEvents, type ClaimedPoint } from '@/lib/airdrop/list-claimed-events'
import { readCampaignFunding, type CampaignFunding } from '@/lib/airdrop/read-campaign-funding'
import { getAdminAuthConfig } from '@/lib/auth/get-admin-auth-config'
import { getAdminSession } from '@/lib/auth/get-admin-session'
import { readSessionToken } from '@/lib/auth/read-session-token'
import { getPublicClient } from '@/lib/chain/get-public-client'
import { getDb } from '@/lib/db'
import { formatDateTime } from '@/lib/format/format-date-time'
import { Clawback } from './_components/clawback'
import { DeployFund } from './_components/deploy-fund'

export const metadata: Metadata = { title: 'Campaign' }
export const dynamic = 'force-dynamic'

const statusText: Record<string, string> = {
  draft: 'Draft: not deployed',
  deploying: 'Deployed, not fully funded',
  active: 'Live',
  ended: 'Ended',
  clawed_back: 'Clawed back',
}

export default async function CampaignPage({ params }: { params: Promise<{ id: string }> }) {
  const { admins, chainId } = getAdminAuthConfig()
  const db = getDb()
  const session = await getAdminSession(db, { token: readSessionToken(await cookies()), admins, chainId })
  if (!session) {
    return (
      <p>
        <Link href="/admin">Sign in as an admin</Link> to see this campaign.
      </p>
    )
  }
  const { id } = await params
  const campaign = await getCampaignOrThrow(db, { campaignId: id }).catch((error: unknown) => {
    if (error instanceof CampaignNotFoundError) notFound()
    throw error
  })
  const decimals = campaign.tokenDecimals ?? 18
  const symbol = campaign.tokenSymbol ?? ''
  const total = BigInt(campaign.totalAmount.toFixed(0))
  const ready = campaign.importStatus === 'ready' && campaign.merkleRoot
  const publicClient = getPublicClient()
  const distributor = campaign.distributorAddress as Address | null
  const [review, stats] = await Promise.all([
    ready ? getCampaignReview(db, { campaignId: id, stored: campaign.allocationReview }) : undefined,
    getCampaignClaimStats(db, { campaignId: id }),
  ])
  let claims: ClaimedPoint[] = []
  let funding: CampaignFunding | undefined
  let chainProblem: string | undefined
  if (distributor) {
    try {
      claims = await listClaimedEvents(publicClient, { distributor })
      const claimed = BigInt(claims.at(-1)?.amount ?? '0')
      funding = await readCampaignFunding(publicClient, { token: campaign.tokenAddress as Address, distributor, total, claimed })
    } catch {
      chainProblem = 'The chain did not answer: claims and funding could not be read.'
    }
  }
  const args = ready ? distributorCampaignOf(campaign) : undefined
  const ended = campaign.endAt !== null && campaign.endAt.getTime() <= Date.now()

  return (
    <>
      <p>
        <Link href="/admin">← Admin</Link>
      </p>
      <h1>{campaign.name}</h1>
      <p className="lede" data-testid="campaign-status">
        {statusText[campaign.status] ?? campaign.status}
      </p>
      {funding && funding.shortfall > 0n && (
        <p role="alert" className="notice error" data-testid="underfunded">
          Underfunded: the distributor holds <TokenAmount value={funding.balance} decimals={decimals} symbol={symbol} /> but owes{' '}
          <TokenAmount value={funding.owed} decimals={decimals} symbol={symbol} />. Transfer{' '}
          <TokenAmount value={funding.shortfall} decimals={decimals} symbol={symbol} /> more.
        </p>
      )}
      {chainProblem && <p className="error">{chainProblem}</p>}

      <section className="card" aria-labelledby="review-title">
        <h2 id="review-title">Review</h2>
        <dl className="facts">
          <dt>Token</dt>
          <dd>
            {symbol} <AddressView address={campaign.tokenAddress} />
          </dd>
          <dt>Claims open</dt>
          <dd>{campaign.startAt ? formatDateTime(campaign.startAt) : '—'}</dd>
          <dt>Claims close</dt>
          <dd>{campaign.endAt ? formatDateTime(campaign.endAt) : '—'}</dd>
          {ready && (
            <>
              <dt>Recipients</dt>
              <dd data-testid="recipient-count">{campaign.recipientCount.toLocaleString('en-US')}</dd>
              <dt>Total</dt>
              <dd data-testid="campaign-total">
                <TokenAmount value={total} decimals={decimals} symbol={symbol} />
              </dd>
              <dt>Merkle root</dt>
              <dd className="mono wrap" data-testid="merkle-root">
                {campaign.merkleRoot}
              </dd>
              <dt>Content hash (keccak256 of the standard-v1 dump, committed on-chain)</dt>
              <dd className="mono wrap" data-testid="content-hash">
                {campaign.contentHash}
              </dd>
              <dt>{distributor ? 'Distributor' : 'Distributor address (before deployment)'}</dt>
              <dd className="mono wrap" data-testid="distributor-address">
                {distributor ?? campaign.predictedDistributorAddress ?? 'unknown until a factory is deployed'}
              </dd>
            </>
          )}
        </dl>
        {!ready && campaign.status === 'draft' && (
          <p>
            <Link href={`/admin/campaigns/new?campaign=${campaign.id}`}>Upload the allocation file</Link>
          </p>
        )}
        {review && (
          <>
            <h3>Largest allocations</h3>
            <div className="table-scroll">
              <table aria-label="Largest allocations">
                <thead>
                  <tr>
                    <th scope="col">Index</th>
                    <th scope="col">Recipient</th>
                    <th scope="col">Amount</th>
                  </tr>
                </thead>
                <tbody>
                  {review.largest.map((row) => (
                    <tr key={row.index}>
                      <td>{row.index}</td>
                      <td>
                        <AddressView address={row.account} />
                      </td>
                      <td>
                        <TokenAmount value={row.amount} decimals={decimals} symbol={symbol} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <AllocationHistogram buckets={review.histogram} decimals={decimals} symbol={symbol} />
          </>
        )}
      </section>

      {args && (campaign.status === 'draft' || campaign.status === 'deploying') && (
        <DeployFund
          campaignId={campaign.id}
          factory={(campaign.factoryAddress as Address | null) ?? null}
          args={{ ...args.campaign, startTime: args.campaign.startTime.toString(), endTime: args.campaign.endTime.toString(), salt: args.salt }}
          total={total.toString()}
          decimals={decimals}
          symbol={symbol}
          distributor={distributor}
          shortfall={funding ? funding.shortfall.toString() : null}
        />
      )}

      {distributor && (
        <section className="card" aria-labelledby="claims-title">
          <h2 id="claims-title">Claims</h2>
          <dl className="facts">
            <dt>Claimed</dt>
            <dd data-testid="claimed">
              {(claims.at(-1)?.claims ?? 0).toLocaleString('en-US')} of {campaign.recipientCount.toLocaleString('en-US')} recipients,{' '}
              <TokenAmount value={claims.at(-1)?.amount ?? '0'} decimals={decimals} symbol={symbol} />
            </dd>
            <dt>Distributor balance</dt>
            <dd>{funding ? <TokenAmount value={funding.balance} decimals={decimals} symbol={symbol} /> : '—'}</dd>
            <dt>Gasless claims waiting for the relayer</dt>
            <dd>{stats.pendingGasless.toLocaleString('en-US')}</dd>
          </dl>
          {claims.length > 0 ? <ClaimsChart points={claims} decimals={decimals} symbol={symbol} /> : <p className="empty">No claims on chain yet.</p>}
          <h3>Relay transactions</h3>
          {stats.relayTransactions.length === 0 ? (
            <p className="empty">No gasless claims relayed yet.</p>
          ) : (
            <div className="table-scroll">
              <table aria-label="Relay transactions">
                <thead>
                  <tr>
                    <th scope="col">Transaction</th>
                    <th scope="col">Claims</th>
                    <th scope="col">Status</th>
                    <th scope="col">Updated</th>
                  </tr>
                </thead>
                <tbody>
                  {stats.relayTransactions.map((row) => (
                    <tr key={`${row.txHash}-${row.status}`}>
                      <td className="mono wrap">{row.txHash}</td>
                      <td>{row.claims}</td>
                      <td>{row.status}</td>
                      <td>{formatDateTime(row.at)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <h3>Export</h3>
          <p>
            {/* TODO(air-data): the export route's final path */}
            <a href={`/api/campaigns/${campaign.id}/export`} download>
              Download the OpenZeppelin standard-v1 dump
            </a>{' '}
            (also <code>npx arbor campaign export</code>). Its keccak256 is the content hash above.
          </p>
          {ended && campaign.status !== 'clawed_back' && campaign.createdBy && (
            <>
              <h3>Clawback</h3>
              <p className="hint">Claims closed {campaign.endAt ? formatDateTime(campaign.endAt) : ''}: the owner can take back what is unclaimed.</p>
              <Clawback distributor={distributor} owner={campaign.createdBy as Address} />
            </>
          )}
        </section>
      )}
    </>
  )
}
