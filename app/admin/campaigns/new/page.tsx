import type { Metadata } from 'next'
import Link from 'next/link'
import { cookies } from 'next/headers'
import { getCampaignOrThrow } from '@/lib/airdrop/get-campaign-or-throw'
import { getAdminAuthConfig } from '@/lib/auth/get-admin-auth-config'
import { getAdminSession } from '@/lib/auth/get-admin-session'
import { readSessionToken } from '@/lib/auth/read-session-token'
import { getDb } from '@/lib/db'
import { CreateCampaignStepper } from './_components/create-campaign-stepper'

export const metadata: Metadata = { title: 'New campaign' }
export const dynamic = 'force-dynamic'

/** Create a campaign: details, then the allocation file; `?campaign=<id>` resumes at the file. */
export default async function NewCampaignPage({ searchParams }: { searchParams: Promise<{ campaign?: string }> }) {
  const { admins, chainId } = getAdminAuthConfig()
  const db = getDb()
  const session = await getAdminSession(db, { token: readSessionToken(await cookies()), admins, chainId })
  if (!session) {
    return (
      <>
        <h1>New campaign</h1>
        <p>
          <Link href="/admin">Sign in as an admin</Link> to create a campaign.
        </p>
      </>
    )
  }
  const { campaign: resumeId } = await searchParams
  const resume = resumeId ? await getCampaignOrThrow(db, { campaignId: resumeId }).catch(() => undefined) : undefined
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone
  return (
    <>
      <p>
        <Link href="/admin">← Admin</Link>
      </p>
      <h1>New campaign</h1>
      <CreateCampaignStepper
        serverTimeZone={timeZone}
        resume={
          resume && resume.status === 'draft'
            ? { id: resume.id, name: resume.name, tokenSymbol: resume.tokenSymbol ?? '', tokenDecimals: resume.tokenDecimals ?? 18 }
            : undefined
        }
      />
    </>
  )
}
