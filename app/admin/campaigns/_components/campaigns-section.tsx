import Link from 'next/link'
import { TokenAmount } from '@/app/components/token-amount'
import { listCampaigns } from '@/lib/airdrop/list-campaigns'
import { getDb } from '@/lib/db'
import { formatDateTime } from '@/lib/format/format-date-time'

const statusText: Record<string, string> = {
  draft: 'draft',
  deploying: 'underfunded',
  active: 'live',
  ended: 'ended',
  clawed_back: 'clawed back',
}

/** The admin dashboard's campaign list, newest first, with the way to create one. */
export async function CampaignsSection() {
  const campaigns = await listCampaigns(getDb())
  return (
    <section className="card" aria-labelledby="campaigns-title">
      <div className="row">
        <h2 id="campaigns-title">Airdrop campaigns</h2>
        <Link className="button primary" href="/admin/campaigns/new">
          New campaign
        </Link>
      </div>
      {campaigns.length === 0 ? (
        <p className="empty">No campaigns yet.</p>
      ) : (
        <ul className="campaign-list">
          {campaigns.map((campaign) => (
            <li key={campaign.id}>
              <Link href={`/admin/campaigns/${campaign.id}`}>{campaign.name}</Link>{' '}
              <span className="hint">
                {statusText[campaign.status] ?? campaign.status}
                {campaign.status === 'draft' && campaign.importStatus !== 'ready' ? ', no allocations yet' : ''} ·{' '}
                {campaign.recipientCount.toLocaleString('en-US')} recipients ·{' '}
                <TokenAmount value={campaign.totalAmount} decimals={campaign.tokenDecimals ?? 18} symbol={campaign.tokenSymbol ?? undefined} />
                {campaign.endAt && <> · closes {formatDateTime(campaign.endAt)}</>}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
