/**
 * Every page a person uses, at a phone (390×844) and a desktop (1280×800) width: nothing scrolls
 * sideways, and a full-page screenshot lands in .arbor/test-results/screens/ for a person to look at
 * (reviewed, not pixel-diffed). Add a page here when you add one.
 */
import { expect, signInAsAdmin, test } from './fixtures'

const publicPages = [
  { name: 'home', path: '/' },
  { name: 'claim', path: '/claim' },
  { name: 'dao', path: '/dao' },
  { name: 'proposal', path: '/dao/arbor-dao/1' },
  // The settlement demo (lib/demo/seed-settlement.ts): settled, and passed and queued in its veto window.
  { name: 'proposal-settled', path: '/dao/arbor-dao/8' },
  { name: 'proposal-queued', path: '/dao/arbor-dao/9' },
  { name: 'member-proposal', path: '/dao/arbor-dao/new' },
]
const adminPages = [{ name: 'admin', path: '/admin' }]
const viewports = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'desktop', width: 1280, height: 800 },
]

for (const viewport of viewports) {
  test.describe(`at ${viewport.name} width`, () => {
    test.use({ viewport: { width: viewport.width, height: viewport.height } })

    test('every page fits the screen', async ({ page }) => {
      for (const { name, path } of publicPages) {
        await page.goto(path)
        await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
        await expectNoSidewaysScroll(page, path)
        await page.screenshot({ path: `.arbor/test-results/screens/${name}-${viewport.name}.png`, fullPage: true })
      }
      // A vote receipt: the demo's ended proposal lists its votes, each with its receipt.
      await page.goto('/dao/arbor-dao')
      await page.getByRole('link', { name: 'Set the default voting period' }).click()
      const receipt = (await page.getByTestId('votes-list').getByRole('link', { name: /^Receipt of / }).first().getAttribute('href'))!
      await page.goto(receipt)
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Vote receipt')
      await expectNoSidewaysScroll(page, receipt)
      await page.screenshot({ path: `.arbor/test-results/screens/receipt-${viewport.name}.png`, fullPage: true })
      await signInAsAdmin(page)
      for (const { name, path } of adminPages) {
        await page.goto(path)
        await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
        await expectNoSidewaysScroll(page, path)
        await page.screenshot({ path: `.arbor/test-results/screens/${name}-${viewport.name}.png`, fullPage: true })
      }
    })
  })
}

async function expectNoSidewaysScroll(page: import('@playwright/test').Page, path: string) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }))
  expect(scrollWidth, `${path} scrolls sideways`).toBeLessThanOrEqual(innerWidth)
}
