import type { Page } from '@playwright/test'
import { devAccounts } from '../../lib/chain/dev-accounts'
import { expect, signInAsAdmin, test } from './fixtures'

/** Connects local dev account #index from the header's wallet menu (disconnecting whoever was connected). */
async function connectAs(page: Page, index: number) {
  const disconnect = page.getByRole('button', { name: 'Disconnect' })
  const connect = page.getByText('Connect wallet')
  // After a reload wagmi may still be reconnecting the last wallet (its cookie): wait until it settles.
  await expect(disconnect.or(connect)).toBeVisible()
  if (await disconnect.isVisible()) await disconnect.click()
  await connect.click()
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

/** Ranks `choices` (names, best first) in the ranked-choice control and signs. */
async function voteRanked(page: Page, choices: string[]) {
  const ranking = page.getByRole('list', { name: 'Your ranking' })
  // Clear an earlier ranking, then add in order.
  const remove = ranking.getByRole('button', { name: /^Remove / })
  while ((await remove.count()) > 0) await remove.first().click()
  for (const choice of choices) await page.getByRole('button', { name: `Add ${choice} to your ranking` }).click()
  await expect(page.getByTestId('ranked-choice')).toHaveText(choices.map((choice) => new RegExp(choice)))
  await page.getByRole('button', { name: /^Sign and (vote|change my vote)$/ }).click()
  await expect(page.getByTestId('signature-status')).toContainText('Signed and recorded by Arbor')
}

test('an admin creates a space and a ranked-choice proposal; three members vote, one twice; the results and rounds follow', async ({ page }) => {
  test.setTimeout(180_000)
  await page.goto('/')
  const token = (await page.getByTestId('space-arbor-dao').getByTestId('token-address').textContent())!.trim()

  await signInAsAdmin(page)
  await page.goto('/admin/spaces')
  await page.getByLabel('Name', { exact: true }).fill('E2E council')
  await page.getByLabel('Token address').fill(token)
  await page.getByLabel('Ranked choice').check()
  await page.getByRole('button', { name: 'Create space' }).click()
  await expect(page).toHaveURL(/\/admin\/spaces\/[^/]+\/proposals\/new$/)

  await page.getByLabel('Title').fill('Pick the next grants round')
  await page.getByLabel('Text (Markdown)').fill('Rank the **three** programs. A partial ranking counts.')
  await page.getByLabel('Voting type').selectOption({ label: 'Ranked choice' })
  await page.getByRole('button', { name: 'Add a choice' }).click()
  for (const [i, name] of ['Audits', 'Education', 'Tooling'].entries()) await page.getByLabel(`Choice ${i + 1}`, { exact: true }).fill(name)
  // Open now: a minute ago in the browser's own zone (the field is local time).
  const start = await page.evaluate(() => {
    const d = new Date(Date.now() - 60_000)
    const pad = (n: number) => String(n).padStart(2, '0')
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`
  })
  await page.getByLabel('Voting starts (your local time)').fill(start)
  await page.getByRole('button', { name: 'Create proposal' }).click()
  await expect(page).toHaveURL(/\/dao\/[^/]+\/1$/)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Pick the next grants round')
  const proposalUrl = page.url()

  // Member #1 (the most power) ranks Audits only; #2 ranks Education then Audits; #3 ranks Tooling then Education.
  await connectAs(page, 1)
  await voteRanked(page, ['Audits'])
  await connectAs(page, 2)
  await voteRanked(page, ['Education', 'Audits'])
  await connectAs(page, 3)
  await voteRanked(page, ['Tooling', 'Education'])
  const results = page.getByTestId('results')
  await expect(results.getByTestId('vote-count')).toHaveText('3 votes')
  await expect(results.getByTestId('winner')).toContainText('Audits')
  await expect(page.getByTestId('rounds').getByTestId('round').first()).toContainText('Audits')

  // #1 votes again before the end: the new ranking replaces the old one, never adds to it.
  await page.goto(proposalUrl)
  await connectAs(page, 1)
  await expect(page.getByTestId('current-vote')).toContainText('Audits')
  await voteRanked(page, ['Tooling', 'Audits'])
  await expect(page.getByTestId('signature-status')).toContainText('It replaces your earlier vote.')
  await expect(results.getByTestId('vote-count')).toHaveText('3 votes')
  await expect(results.getByTestId('winner')).toContainText('Tooling')
  await expect(page.getByTestId('rounds').getByTestId('round').first()).toContainText('Tooling')
  await screenshot(page, 'governance-ranked-1280')
})
