import type { Metadata } from 'next'
import Link from 'next/link'
import { listCampaignsForAccount, type ListCampaignsForAccountReturnType } from '@/lib/airdrop/list-campaigns-for-account'
import { listLiveCampaigns } from '@/lib/airdrop/list-live-campaigns'
import { getPublicClient } from '@/lib/chain/get-public-client'
import { getDb } from '@/lib/db'
import { ValidationError } from '@/lib/errors'
import { TokenAmount } from '@/app/components/token-amount'
import { Field } from '@/app/components/ui/field'
import { CampaignWindow } from './_components/campaign-window'

export const metadata: Metadata = { title: 'Claim' }
export const dynamic = 'force-dynamic'

type SearchParams = Promise<{ address?: string | string[] }>

type Lookup = { address: string; found: ListCampaignsForAccountReturnType } | { address: string; error: string } | undefined

async function lookUp(address: string | undefined): Promise<Lookup> {
  if (address === undefined) return undefined
  try {
    return { address, found: await listCampaignsForAccount(getDb(), { account: address, publicClient: getPublicClient() }) }
  } catch (error) {
    if (error instanceof ValidationError) return { address, error: error.message }
    throw error
  }
}

const phaseLabel = { open: 'Open', upcoming: 'Not open yet', ended: 'Ended' } as const

export default async function ClaimPage({ searchParams }: { searchParams: SearchParams }) {
  const { address: raw } = await searchParams
  const address = typeof raw === 'string' ? raw.trim() : undefined
  const [live, lookup] = await Promise.all([listLiveCampaigns(getDb(), { publicClient: getPublicClient() }), lookUp(address)])
  return (
    <>
      <h1>Claim your tokens</h1>
      <p className="lede">
        Pick an airdrop and connect your wallet, or paste an address below to see every airdrop it is in. Claiming sends the tokens
        straight from the airdrop&apos;s contract to you.
      </p>

      <section aria-labelledby="live-heading">
        <h2 id="live-heading">Open airdrops</h2>
        {live.length === 0 ? (
          <p className="empty">No airdrop is open right now.</p>
        ) : (
          <ul className="cards" data-testid="live-campaigns">
            {live.map((campaign) => (
              <li key={campaign.id}>
                <Link className="card" href={`/claim/${campaign.id}`}>
                  <h3>{campaign.name}</h3>
                  <p>
                    <TokenAmount value={campaign.totalAmount} decimals={campaign.token.decimals} symbol={campaign.token.symbol} /> for{' '}
                    {campaign.recipientCount.toLocaleString('en-US')} addresses
                  </p>
                  <p>
                    <CampaignWindow startAt={campaign.startAt} endAt={campaign.endAt} phase={campaign.phase} />
                  </p>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="lookup-heading">
        <h2 id="lookup-heading">Which airdrops is an address in?</h2>
        <form method="get" action="/claim" className="lookup-form">
          <Field
            id="lookup-address"
            label="Address"
            hint="0x followed by 40 characters, in any letter case. Nothing is signed or sent."
            error={lookup && 'error' in lookup ? lookup.error : undefined}
          >
            <input name="address" type="text" inputMode="text" autoComplete="off" spellCheck={false} defaultValue={address ?? ''} placeholder="0x…" required />
          </Field>
          <button type="submit">Check address</button>
        </form>
        {lookup && 'found' in lookup && (
          <div data-testid="lookup-results" aria-live="polite">
            {lookup.found.length === 0 ? (
              <p className="notice">
                <span className="mono break">{lookup.address}</span> is not in any airdrop on this site.
              </p>
            ) : (
              <ul className="plain">
                {lookup.found.map(({ campaign, amount }) => (
                  <li key={campaign.id} data-testid="lookup-result">
                    <Link href={`/claim/${campaign.id}?address=${encodeURIComponent(lookup.address)}`}>{campaign.name}</Link>:{' '}
                    <TokenAmount value={amount} decimals={campaign.token.decimals} symbol={campaign.token.symbol} /> · {phaseLabel[campaign.phase]}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
      </section>
    </>
  )
}
