import { expect, test } from '@playwright/test'

test('a member opens a proposal from the DAO page and reads its text and on-chain actions', async ({ page }) => {
  const errors: string[] = []
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()))
  page.on('pageerror', (error) => errors.push(error.message))

  await page.goto('/dao')
  await page.getByRole('link', { name: /Fund the community grants program/ }).click()
  await expect(page).toHaveURL(/\/dao\/arbor-dao\/1$/)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Fund the community grants program with 50,000 ARB')
  await expect(page.getByTestId('proposal-state')).toHaveText('active')
  // The markdown body is rendered: its "## Summary" is a heading and "**50,000 ARB**" is bold.
  await expect(page.getByRole('heading', { name: 'Summary' })).toBeVisible()
  await expect(page.locator('.markdown strong', { hasText: '50,000 ARB' })).toBeVisible()
  await expect(page.locator('ol.actions li')).toHaveCount(1)
  await expect(page.locator('ol.actions li')).toContainText('transfer(address,uint256)')
  expect(errors).toEqual([])
})

test('the analyst marks the disguised treasury drain critical and says why, without pretending to be AI', async ({ page }) => {
  await page.goto('/dao/arbor-dao/2')
  const analysis = page.getByTestId('analysis')
  await expect(analysis.getByTestId('risk-level')).toHaveText('critical risk')
  await expect(analysis).toContainText('offline analysis (rules, no AI)')
  await expect(analysis.getByTestId('finding').filter({ hasText: 'no change to funds' })).toHaveCount(1)
  await expect(analysis.getByTestId('finding').filter({ hasText: 'loses 900,000 ARB' })).toHaveCount(1)

  await page.goto('/dao/arbor-dao/1')
  await expect(page.getByTestId('analysis').getByTestId('risk-level')).not.toHaveText(/critical|high/)
})

test('an unknown proposal is a 404 page, not an error', async ({ page }) => {
  const response = await page.goto('/dao/arbor-dao/999')
  expect(response?.status()).toBe(404)
  const missingSpace = await page.goto('/dao/no-such-space/1')
  expect(missingSpace?.status()).toBe(404)
})
