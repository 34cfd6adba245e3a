import type { Metadata } from 'next'

export const metadata: Metadata = { title: 'Admin' }

export default function AdminPage() {
  return (
    <>
      <h1>Admin</h1>
      <p className="lede">
        Campaigns, proposals, settlement and analysis for token teams and DAO operators. Admins sign in with their
        Ethereum account (Sign-In with Ethereum).
      </p>
      <p className="notice">The admin dashboard is not available yet on this install.</p>
    </>
  )
}
