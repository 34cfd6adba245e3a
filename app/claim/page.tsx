import type { Metadata } from 'next'

export const metadata: Metadata = { title: 'Claim' }

export default function ClaimPage() {
  return (
    <>
      <h1>Claim your tokens</h1>
      <p className="lede">
        Connect your wallet to see the airdrops your address is in, with the proof that your allocation is part of the
        published Merkle root.
      </p>
      <p className="notice">The claim portal is not open yet on this install: no campaign has been published.</p>
    </>
  )
}
