import type { Address } from 'viem'
import { devAccounts } from '../../lib/chain/dev-accounts'
import { demoCampaignName } from '../../lib/demo/content'
import { endedCampaignName } from '../../lib/demo/seed-airdrops'
import { expect, test } from './fixtures'

// The claim flows (direct, gasless, already claimed, phone viewport) are in claim-flows.spec.ts.
const account = (i: number) => devAccounts[i]!.address as Address

test('/claim lists the live airdrop and finds every airdrop an address is in, in any letter case', async ({ page }) => {
  await page.goto('/claim')
  const live = page.getByTestId('live-campaigns')
  await expect(live.getByRole('link', { name: new RegExp(demoCampaignName) })).toBeVisible()
  await expect(live.getByText(endedCampaignName)).toHaveCount(0)

  await page.getByRole('textbox', { name: 'Address', exact: true }).fill(account(2).toLowerCase())
  await page.getByRole('button', { name: 'Check address' }).click()
  const results = page.getByTestId('lookup-result')
  // Both demo campaigns, once each (a campaign another spec created may list it too).
  await expect(results.filter({ hasText: demoCampaignName })).toHaveCount(1)
  await expect(results.filter({ hasText: endedCampaignName })).toHaveCount(1)
  await expect(results.filter({ hasText: demoCampaignName })).toContainText('800 ARB · Open')
  await expect(results.filter({ hasText: endedCampaignName })).toContainText('460 ARB · Ended')

  await page.getByRole('textbox', { name: 'Address', exact: true }).fill('0x1234')
  await page.getByRole('button', { name: 'Check address' }).click()
  await expect(page.locator('#lookup-address-error')).toContainText('Enter an address') // Next's route announcer is an alert too
  await expect(page.getByRole('textbox', { name: 'Address', exact: true })).toHaveAttribute('aria-invalid', 'true')

  await page.getByRole('textbox', { name: 'Address', exact: true }).fill(`0x${'de'.repeat(20)}`)
  await page.getByRole('button', { name: 'Check address' }).click()
  await expect(page.getByTestId('lookup-results')).toContainText('is not in any airdrop')
})
