import type { Metadata, Viewport } from 'next'
import Link from 'next/link'
import type { ReactNode } from 'react'
import './globals.css'

export const metadata: Metadata = {
  title: { default: 'Arbor', template: '%s · Arbor' },
  description: 'Merkle airdrops and DAO governance where every claim and every counted vote is provable on-chain.',
}

export const viewport: Viewport = { width: 'device-width', initialScale: 1 }

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <header className="site-header">
          <Link href="/" className="brand">
            Arbor
          </Link>
          <nav className="site-nav" aria-label="Main">
            <Link href="/claim">Claim</Link>
            <Link href="/dao">DAO</Link>
            <Link href="/admin">Admin</Link>
          </nav>
        </header>
        <main>{children}</main>
      </body>
    </html>
  )
}
