import { expect, test, type Page } from '@playwright/test'

/** Fails the test on any console error or uncaught page error, listing them. */
function watchErrors(page: Page): string[] {
  const errors: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`)
  })
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`))
  return errors
}

test('the landing page shows the demo space from the database and its token from the chain', async ({ page }) => {
  const errors = watchErrors(page)
  await page.goto('/')
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Arbor')

  const space = page.getByTestId('space-arbor-dao')
  await expect(space.getByRole('heading', { name: 'Arbor DAO' })).toBeVisible()
  await expect(space.getByTestId('token-symbol')).toHaveText('ARB')
  await expect(space.getByTestId('token-address')).toHaveText(/^0x[0-9a-fA-F]{40}$/)
  await expect(space.getByTestId('token-supply')).not.toHaveText('')
  // The demo seeds nine; specs that ran earlier (a member's proposal) may have added theirs.
  await expect(space.getByTestId('proposal-count')).toHaveText(/^\d+ proposals$/)
  expect(parseInt((await space.getByTestId('proposal-count').textContent())!, 10)).toBeGreaterThanOrEqual(9)
  expect(errors).toEqual([])
})

test('every navigation link leads to its page, with no console errors', async ({ page }) => {
  const errors = watchErrors(page)
  await page.goto('/')
  const nav = page.getByRole('navigation', { name: 'Main' })
  for (const { link, path, heading } of [
    { link: 'Claim', path: '/claim', heading: 'Claim your tokens' },
    { link: 'DAO', path: '/dao', heading: 'Governance' },
    { link: 'Admin', path: '/admin', heading: 'Admin' },
  ]) {
    await nav.getByRole('link', { name: link }).click()
    await expect(page).toHaveURL(new RegExp(`${path}$`))
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading)
    await page.getByRole('link', { name: 'Arbor', exact: true }).click()
    await expect(page).toHaveURL(/\/$/)
  }
  // The landing page's cards lead to the same places.
  for (const path of ['/claim', '/dao', '/admin']) {
    await page.goto('/')
    await page.locator(`main a[href="${path}"]`).first().click()
    await expect(page).toHaveURL(new RegExp(`${path}$`))
  }
  expect(errors).toEqual([])
})

test('the DAO page lists the demo proposals from the database', async ({ page }) => {
  const errors = watchErrors(page)
  await page.goto('/dao')
  await expect(page.getByRole('heading', { name: 'Arbor DAO' })).toBeVisible()
  await expect(page.getByText('Fund the community grants program with 50,000 ARB')).toBeVisible()
  await expect(page.getByText('Routine maintenance of the treasury module')).toBeVisible()
  expect(errors).toEqual([])
})
