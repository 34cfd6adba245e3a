import type { Metadata } from 'next'
import Link from 'next/link'
import { getDb } from '@/lib/db'
import { listCampaignChoices } from '@/lib/governance/list-campaign-choices'
import { listSpaces } from '@/lib/governance/list-spaces'
import { getPageAdminSession } from './_components/admin-gate'
import { SpaceForm } from './_components/space-form'

export const metadata: Metadata = { title: 'Spaces · Admin' }
export const dynamic = 'force-dynamic'

export default async function AdminSpacesPage() {
  const session = await getPageAdminSession()
  if (!session) {
    return (
      <>
        <h1>Spaces</h1>
        <p>
          <Link href="/admin">Sign in as an admin</Link> to create spaces and proposals.
        </p>
      </>
    )
  }
  const db = getDb()
  const [spaces, campaigns] = await Promise.all([listSpaces(db), listCampaignChoices(db)])
  return (
    <>
      <p>
        <Link href="/admin">Admin</Link>
      </p>
      <h1>Spaces</h1>
      {spaces.length === 0 ? (
        <p className="empty">No spaces yet.</p>
      ) : (
        <ul className="plain">
          {spaces.map((space) => (
            <li key={space.slug} data-testid="admin-space">
              <Link href={`/dao/${space.slug}`}>{space.name}</Link> · {space.proposals.length} proposal{space.proposals.length === 1 ? '' : 's'} ·{' '}
              <Link href={`/admin/spaces/${space.slug}/proposals/new`}>New proposal</Link>
            </li>
          ))}
        </ul>
      )}
      <SpaceForm campaigns={campaigns} />
    </>
  )
}
