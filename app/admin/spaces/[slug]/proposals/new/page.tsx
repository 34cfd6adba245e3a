import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'
import { getDb } from '@/lib/db'
import { NotFoundError } from '@/lib/errors'
import { getSpaceOrThrow } from '@/lib/governance/get-space-or-throw'
import { getPageAdminSession } from '../../../_components/admin-gate'
import { ProposalForm } from '../../../_components/proposal-form'

export const metadata: Metadata = { title: 'New proposal · Admin' }
export const dynamic = 'force-dynamic'

export default async function NewProposalPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params
  const session = await getPageAdminSession()
  if (!session) {
    return (
      <>
        <h1>New proposal</h1>
        <p>
          <Link href="/admin">Sign in as an admin</Link> to create proposals.
        </p>
      </>
    )
  }
  const space = await getSpaceOrThrow(getDb(), { slug }).catch((error) => {
    if (error instanceof NotFoundError) notFound()
    throw error
  })
  return (
    <>
      <p>
        <Link href="/admin/spaces">Spaces</Link> · <Link href={`/dao/${space.slug}`}>{space.name}</Link>
      </p>
      <h1>New proposal in {space.name}</h1>
      <ProposalForm slug={space.slug} votingTypes={space.votingTypes} minVotingPeriod={space.minVotingPeriod} maxVotingPeriod={space.maxVotingPeriod} />
    </>
  )
}
