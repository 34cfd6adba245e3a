import type { Metadata } from 'next'
import { cookies } from 'next/headers'
import Link from 'next/link'
import { getAdminAuthConfig } from '@/lib/auth/get-admin-auth-config'
import { getAdminSession } from '@/lib/auth/get-admin-session'
import { readSessionToken } from '@/lib/auth/read-session-token'
import { getLocalDevAccount } from '@/lib/chain/get-local-dev-account'
import { getDb } from '@/lib/db'
import { formatDateTime } from '@/lib/format/format-date-time'
import { AnalyzeProposalPanel } from './analyze-proposal-panel'
import { CampaignsSection } from './campaigns/_components/campaigns-section'
import { SignInPanel } from './sign-in-panel'
import { SignOutButton } from './sign-out-button'

export const metadata: Metadata = { title: 'Admin' }
export const dynamic = 'force-dynamic'

export default async function AdminPage() {
  const { admins, chainId } = getAdminAuthConfig()
  const session = await getAdminSession(getDb(), { token: readSessionToken(await cookies()), admins, chainId })

  if (!session) {
    const devAccount = getLocalDevAccount({ admins })
    return (
      <>
        <h1>Admin</h1>
        <p className="lede">
          Campaigns, proposals, settlement and analysis for token teams and DAO operators. Admins sign in with their
          Ethereum account (Sign-In with Ethereum).
        </p>
        <SignInPanel
          adminsConfigured={admins.length > 0}
          devAccount={devAccount && { address: devAccount.address, index: devAccount.index }}
        />
      </>
    )
  }

  return (
    <>
      <h1>Admin</h1>
      <div className="row session">
        <span>
          Signed in as <span className="mono" data-testid="admin-address">{session.address}</span> until{' '}
          {formatDateTime(session.expiresAt)}
        </span>
        <SignOutButton />
      </div>
      <CampaignsSection />
      <section aria-labelledby="admin-governance-heading" className="card">
        <h2 id="admin-governance-heading">Governance</h2>
        <p>
          <Link href="/admin/spaces">Spaces and proposals</Link>: create a space (voting power, quorum, who may propose, voting types) and its proposals.
        </p>
      </section>
      <AnalyzeProposalPanel />
    </>
  )
}
