import type { Metadata, Viewport } from 'next'
import { headers } from 'next/headers'
import Link from 'next/link'
import type { ReactNode } from 'react'
import { cookieToInitialState } from 'wagmi'
import { listLocalDevAccounts } from '@/lib/chain/list-local-dev-accounts'
import { createWagmiConfig } from '@/lib/chain/wagmi'
import { WalletMenu } from './components/wallet/wallet-menu'
import { Providers } from './providers'
import './globals.css'

export const metadata: Metadata = {
  title: { default: 'Arbor', template: '%s · Arbor' },
  description: 'Merkle airdrops and DAO governance where every claim and every counted vote is provable on-chain.',
}

export const viewport: Viewport = { width: 'device-width', initialScale: 1 }

export default async function RootLayout({ children }: { children: ReactNode }) {
  const devAccounts = listLocalDevAccounts()
  const initialState = cookieToInitialState(createWagmiConfig({ devAccounts }), (await headers()).get('cookie'))
  return (
    <html lang="en">
      <body>
        <Providers devAccounts={devAccounts} initialState={initialState}>
          <a className="skip-link" href="#main">
            Skip to content
          </a>
          <header className="site-header">
            <Link href="/" className="brand">
              Arbor
            </Link>
            <nav className="site-nav" aria-label="Main">
              <Link href="/claim">Claim</Link>
              <Link href="/dao">DAO</Link>
              <Link href="/admin">Admin</Link>
            </nav>
            <WalletMenu />
          </header>
          <main id="main">{children}</main>
        </Providers>
      </body>
    </html>
  )
}
