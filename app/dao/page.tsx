import type { Metadata } from 'next'
import Link from 'next/link'
import { getDb } from '@/lib/db'
import { listSpaces } from '@/lib/governance/list-spaces'

export const dynamic = 'force-dynamic'
export const metadata: Metadata = { title: 'Governance' }

export default async function DaoPage() {
  const spaces = await listSpaces(getDb())
  return (
    <>
      <h1>Governance</h1>
      <p className="lede">
        Proposals from every space on this install. Each proposal shows what it would do on-chain and an analyst&apos;s risk summary. Voting with a signed message,
        results and receipts arrive with the governance release.
      </p>
      {spaces.length === 0 && <p className="empty">No spaces yet.</p>}
      {spaces.map((space) => (
        <section key={space.slug}>
          <h2>{space.name}</h2>
          {space.proposals.length === 0 ? (
            <p className="empty">No proposals yet.</p>
          ) : (
            <ul className="plain">
              {space.proposals.map((proposal) => (
                <li key={proposal.number}>
                  <Link href={`/dao/${space.slug}/${proposal.number}`}>
                    #{proposal.number} {proposal.title}
                  </Link>{' '}
                  <span className="empty">({proposal.state.toLowerCase()})</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      ))}
    </>
  )
}
