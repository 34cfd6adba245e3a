import type { Metadata } from 'next'
import Link from 'next/link'
import { getDb } from '@/lib/db'
import { listSpaces } from '@/lib/governance/list-spaces'
import { ProposalList } from './_components/proposal-list'

export const dynamic = 'force-dynamic'
export const metadata: Metadata = { title: 'Governance' }

export default async function DaoPage() {
  const spaces = await listSpaces(getDb())
  return (
    <>
      <h1>Governance</h1>
      <p className="lede">
        Every space on this install and its proposals. Members vote by signing a message (no gas), weighted by their voting power at each proposal&apos;s snapshot
        block; results update live, and each proposal has an analyst&apos;s risk summary of what it would do on-chain.
      </p>
      {spaces.length === 0 && <p className="empty">No spaces yet.</p>}
      {spaces.map((space) => (
        <section key={space.slug} aria-labelledby={`space-${space.slug}`}>
          <h2 id={`space-${space.slug}`}>
            <Link href={`/dao/${space.slug}`}>{space.name}</Link>
          </h2>
          <ProposalList slug={space.slug} proposals={space.proposals} />
        </section>
      ))}
    </>
  )
}
