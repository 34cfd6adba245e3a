import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'
import { TokenAmount } from '@/app/components/token-amount'
import { getPublicClient } from '@/lib/chain/get-public-client'
import { getDb } from '@/lib/db'
import { NotFoundError } from '@/lib/errors'
import { getSpaceOrThrow, type SpaceDetail } from '@/lib/governance/get-space-or-throw'
import { readSpaceToken } from '@/lib/governance/read-space-token'
import { MemberProposalForm } from './_components/member-proposal-form'

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
  return { title: `New proposal · ${(await load(params)).name}` }
}

/** A member's proposal: the threshold explained, the member's power against it, the shared proposal fields, signed as an EIP-712 `Proposal`. */
export default async function NewMemberProposalPage({ params }: { params: Params }) {
  const space = await load(params)
  const token = await readSpaceToken(getPublicClient(), space.tokenAddress)
  const threshold = <TokenAmount value={space.proposalThreshold} decimals={token.decimals} symbol={token.symbol} />
  return (
    <>
      <p>
        <Link href="/dao">Governance</Link> · <Link href={`/dao/${space.slug}`}>{space.name}</Link>
      </p>
      <h1>New proposal in {space.name}</h1>
      {space.proposers === 'admins' ? (
        <p className="notice" data-testid="admins-only">
          Only the space&apos;s admins create proposals in {space.name}. Ask an admin, or vote on the open proposals.
        </p>
      ) : (
        <>
          <p className="lede">
            Any member with at least {threshold} of voting power may propose. {space.powerSource === 'token' ? (
              <>Voting power is delegated {token.symbol}: tokens count only once delegated, to yourself or to someone who votes for you.</>
            ) : (
              <>Voting power is your allocation in the space&apos;s airdrop, claimed or not.</>
            )}{' '}
            Your power is checked at the proposal&apos;s snapshot block, the latest complete block when you sign. You sign the proposal in your wallet: no gas, no
            transaction.
          </p>
          <MemberProposalForm
            space={{ slug: space.slug, chainId: space.chainId, token: space.tokenAddress, powerSource: space.powerSource, threshold: space.proposalThreshold.toString(), votingTypes: space.votingTypes, minVotingPeriod: space.minVotingPeriod, maxVotingPeriod: space.maxVotingPeriod }}
            token={token}
          />
        </>
      )}
    </>
  )
}
