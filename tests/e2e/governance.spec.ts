import type { Page } from '@playwright/test'
import { devAccounts } from '../../lib/chain/dev-accounts'
import { expect, test } from './fixtures'

/** Connects local dev account #index from the header's wallet menu (disconnecting whoever was connected). */
async function connectAs(page: Page, index: number) {
  const disconnect = page.getByRole('button', { name: 'Disconnect' })
  if (await disconnect.isVisible()) await disconnect.click()
  await page.getByText('Connect wallet').click()
  await page.getByRole('button', { name: `Local dev account #${index}`, exact: true }).click()
  await expect(page.getByTestId('wallet-menu').or(page.locator('.wallet-menu'))).toContainText(devAccounts[index]!.address.slice(0, 6))
}

async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: `.arbor/test-results/screens/${name}.png`, fullPage: true })
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${name} scrolls sideways`).toBe(true)
}

test('a member with no delegated power is told why, and nothing is offered to sign', async ({ page }) => {
  await page.goto('/dao/arbor-dao/3')
  await connectAs(page, 6)
  await expect(page.getByTestId('zero-power-reason')).toContainText('had not delegated it')
  await expect(page.getByRole('button', { name: 'Sign and vote' })).toHaveCount(0)
})

test('a member votes on a weighted proposal on a phone', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 })
  await page.goto('/dao/arbor-dao/4')
  await connectAs(page, 2)
  await expect(page.getByTestId('voting-power')).toContainText('25,000 ARB')
  await page.getByRole('spinbutton', { name: 'Weight for Developer grants' }).fill('60')
  await page.getByRole('spinbutton', { name: 'Weight for Security audits' }).fill('40')
  await expect(page.getByTestId('weight-total')).toContainText('100')
  await page.getByRole('button', { name: 'Sign and vote' }).click()
  await expect(page.getByTestId('signature-status')).toContainText('Signed and recorded by Arbor')
  await expect(page.getByTestId('results').getByTestId('vote-count')).toHaveText('1 vote')
  await expect(page.getByTestId('results').getByTestId('result-row').first()).toContainText('15,000 ARB')
  await screenshot(page, 'governance-weighted-390')
})
