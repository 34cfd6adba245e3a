import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'
import { Address } from '@/app/components/address'
import { TokenAmount } from '@/app/components/token-amount'
import { getPublicClient } from '@/lib/chain/get-public-client'
import { getDb } from '@/lib/db'
import { NotFoundError } from '@/lib/errors'
import { formatSeconds } from '@/lib/governance/create-proposal'
import { getSpaceOrThrow, type SpaceDetail } from '@/lib/governance/get-space-or-throw'
import { readSpaceToken } from '@/lib/governance/read-space-token'
import { votingTypeLabels } from '@/lib/governance/schema'
import { ProposalList } from '../_components/proposal-list'

export const dynamic = 'force-dynamic'

type Params = Promise<{ slug: string }>

async function load(params: Params): Promise<SpaceDetail> {
  const { slug } = await params
  try {
    return await getSpaceOrThrow(getDb(), { slug })
  } catch (error) {
    if (error instanceof NotFoundError) notFound()
    throw error
  }
}

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return { title: (await load(params)).name }
}

export default async function SpacePage({ params }: { params: Params }) {
  const space = await load(params)
  const token = await readSpaceToken(getPublicClient(), space.tokenAddress)
  return (
    <>
      <p>
        <Link href="/dao">Governance</Link>
      </p>
      <h1>{space.name}</h1>
      {space.about && <p className="lede">{space.about}</p>}
      <dl className="facts">
        <dt>Voting power</dt>
        <dd>
          {space.powerSource === 'token' ? (
            <>
              delegated {token.symbol} (<Address address={space.tokenAddress} />) at each proposal&apos;s snapshot block
            </>
          ) : (
            <>the allocations of an Arbor airdrop of {token.symbol}: members vote before they claim</>
          )}
        </dd>
        <dt>Quorum</dt>
        <dd>
          <TokenAmount value={space.quorum} decimals={token.decimals} symbol={token.symbol} />
        </dd>
        <dt>Who proposes</dt>
        <dd>
          {space.proposers === 'admins' ? (
            'admins'
          ) : (
            <>
              admins, and members with at least <TokenAmount value={space.proposalThreshold} decimals={token.decimals} symbol={token.symbol} />
            </>
          )}
        </dd>
        <dt>Voting period</dt>
        <dd>
          {formatSeconds(space.minVotingPeriod)} to {formatSeconds(space.maxVotingPeriod)}
        </dd>
        <dt>Voting types</dt>
        <dd>{space.votingTypes.map((type) => votingTypeLabels[type]).join(', ')}</dd>
      </dl>
      <h2>Proposals</h2>
      <p>
        <Link className="button primary" href={`/dao/${space.slug}/new`}>
          New proposal
        </Link>
      </p>
      <ProposalList slug={space.slug} proposals={space.proposals} />
    </>
  )
}
