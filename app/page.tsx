import Link from 'next/link'
import type { Address } from 'viem'
import { TokenAmount } from '@/app/components/token-amount'
import { getPublicClient } from '@/lib/chain/get-public-client'
import { readTokenInfo, type TokenInfo } from '@/lib/chain/read-token'
import { getDb } from '@/lib/db'
import { listSpaces } from '@/lib/governance/list-spaces'

export const dynamic = 'force-dynamic'

async function tokenOrError(address: Address): Promise<TokenInfo | Error> {
  try {
    return await readTokenInfo(getPublicClient(), address)
  } catch (error) {
    console.warn(`landing: token ${address} not readable on chain`, error)
    return error instanceof Error ? error : new Error(String(error))
  }
}

export default async function HomePage() {
  const spaces = await listSpaces(getDb())
  const tokens = await Promise.all(spaces.map((space) => tokenOrError(space.tokenAddress)))

  return (
    <>
      <h1>Arbor: airdrops and governance you can prove</h1>
      <p className="lede">
        Claim tokens from a Merkle airdrop, vote in your DAO with a signature, and check that your claim or vote was
        counted against a root published on-chain.
      </p>

      <div className="cards">
        <Link className="card" href="/claim">
          <h3>Claim tokens</h3>
          <p>Check whether your address is in an airdrop and claim, directly or without gas.</p>
        </Link>
        <Link className="card" href="/dao">
          <h3>Vote in the DAO</h3>
          <p>Read proposals with an analyst&apos;s risk summary, vote with a signature, prove it was counted.</p>
        </Link>
        <Link className="card" href="/admin">
          <h3>Run a campaign</h3>
          <p>Upload allocations, deploy a distributor, settle votes on-chain.</p>
        </Link>
      </div>

      <h2>Spaces on this install</h2>
      {spaces.length === 0 ? (
        <p className="empty">No spaces yet.</p>
      ) : (
        <div className="cards">
          {spaces.map((space, i) => {
            const token = tokens[i]
            return (
              <section className="card" key={space.slug} data-testid={`space-${space.slug}`}>
                <h3>{space.name}</h3>
                <p>{space.about}</p>
                <dl className="facts">
                  <dt>Proposals</dt>
                  <dd data-testid="proposal-count">
                    {space.proposals.length} proposal{space.proposals.length === 1 ? '' : 's'}
                  </dd>
                  <dt>Token</dt>
                  <dd className="mono" data-testid="token-address">
                    {space.tokenAddress}
                  </dd>
                  {token instanceof Error || token === undefined ? (
                    <>
                      <dt>On chain</dt>
                      <dd className="notice">The token could not be read from chain {space.chainId}.</dd>
                    </>
                  ) : (
                    <>
                      <dt>Symbol</dt>
                      <dd data-testid="token-symbol">{token.symbol}</dd>
                      <dt>Supply</dt>
                      <dd data-testid="token-supply">
                        <TokenAmount value={token.totalSupply} decimals={token.decimals} symbol={token.symbol} />
                      </dd>
                    </>
                  )}
                </dl>
              </section>
            )
          })}
        </div>
      )}
    </>
  )
}
