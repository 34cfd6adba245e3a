import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'
import { getLiveCampaignOrThrow, type GetLiveCampaignOrThrowReturnType } from '@/lib/airdrop/get-live-campaign-or-throw'
import { getPublicClient } from '@/lib/chain/get-public-client'
import { getDb } from '@/lib/db'
import { NotFoundError } from '@/lib/errors'
import { Address } from '@/app/components/address'
import { TokenAmount } from '@/app/components/token-amount'
import { CampaignWindow } from '../_components/campaign-window'
import { ClaimPanel } from './_components/claim-panel'

export const dynamic = 'force-dynamic'

type Params = Promise<{ campaign: string }>
type SearchParams = Promise<{ address?: string | string[] }>

async function load(params: Params): Promise<GetLiveCampaignOrThrowReturnType> {
  const { campaign: id } = await params
  try {
    return await getLiveCampaignOrThrow(getDb(), { id, publicClient: getPublicClient() })
  } catch (error) {
    if (error instanceof NotFoundError) notFound()
    throw error
  }
}

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return { title: `Claim · ${(await load(params)).name}` }
}

export default async function CampaignClaimPage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  const campaign = await load(params)
  const { address } = await searchParams
  const { token } = campaign
  return (
    <article className="claim-campaign">
      <p>
        <Link href="/claim">All airdrops</Link>
      </p>
      <h1>{campaign.name}</h1>
      <dl className="facts">
        <dt>Token</dt>
        <dd>
          {token.symbol} <Address address={token.address} />
        </dd>
        <dt>Claim window</dt>
        <dd data-testid="claim-window">
          <CampaignWindow startAt={campaign.startAt} endAt={campaign.endAt} phase={campaign.phase} />
        </dd>
        <dt>In total</dt>
        <dd>
          <TokenAmount value={campaign.totalAmount} decimals={token.decimals} symbol={token.symbol} /> to {campaign.recipientCount.toLocaleString('en-US')}{' '}
          addresses
        </dd>
        <dt>Distributor</dt>
        <dd data-testid="distributor">
          <Address address={campaign.distributor} />
        </dd>
      </dl>
      <ClaimPanel
        campaign={{
          id: campaign.id,
          chainId: campaign.chainId,
          distributor: campaign.distributor,
          token,
          phase: campaign.phase,
          startAt: campaign.startAt?.toISOString() ?? null,
          endAt: campaign.endAt?.toISOString() ?? null,
        }}
        initialAddress={typeof address === 'string' ? address : undefined}
      />
      <details className="claim-proof-note">
        <summary>How is my allocation checked?</summary>
        <p>
          Every allocation of this airdrop is a leaf of a Merkle tree whose root is fixed in the distributor contract. Arbor sends your
          allocation with its proof, and the contract pays only if they match the root <span className="mono break">{campaign.merkleRoot}</span>.
          Nobody, Arbor included, can change who gets what.
        </p>
      </details>
    </article>
  )
}
