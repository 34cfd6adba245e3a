/**
 * Every page a person uses, at a phone (390×844) and a desktop (1280×800) width: nothing scrolls
 * sideways, and a full-page screenshot lands in .arbor/test-results/screens/ for a person to look at
 * (reviewed, not pixel-diffed). Add a page here when you add one.
 */
import type { Address, Hex } from 'viem'
import { iArborDistributorAbi } from '../../lib/chain/contracts/IArborDistributor'
import { devAccounts } from '../../lib/chain/dev-accounts'
import { demoCampaignName } from '../../lib/demo/content'
import { expect, signInAsAdmin, test, type Chain } from './fixtures'

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

    test('every page fits the screen', async ({ page, chain }) => {
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
      // the demo campaign's own pages: the recipient's, and the admin's with its charts
      // the allocation lookup (a server action, POST to the page) answered late: the pending line must fit too
      await page.route(/\/claim\/[^/]+$/, async (route) => {
        if (route.request().method() === 'POST') await new Promise((resolve) => setTimeout(resolve, 4000))
        await route.fallback()
      })
      await page.goto('/claim')
      await page.getByTestId('live-campaigns').getByRole('link', { name: new RegExp(demoCampaignName) }).click()
      await page.waitForURL(/\/claim\/[^/]+$/)
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
      await expect(page.getByText(/^Looking up/)).toBeVisible()
      await expectNoSidewaysScroll(page, `${page.url()} (looking up)`)
      await page.unrouteAll({ behavior: 'wait' })
      await page.screenshot({ path: `.arbor/test-results/screens/claim-campaign-${viewport.name}.png`, fullPage: true })
      await expectNoSidewaysScroll(page, page.url())
      await page.goto('/admin')
      await page.getByRole('link', { name: demoCampaignName, exact: true }).first().click()
      await page.waitForURL(/\/admin\/campaigns\/[^/]+$/)
      // a claim on chain, so the claims chart draws too
      await claimOnce(page, chain, (await page.getByTestId('distributor-address').textContent()) as Address, viewport.name === 'phone' ? 9 : 8)
      await page.reload()
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
      await expect(page.locator('figure.chart')).toHaveCount(2)
      await expectChartsWhole(page)
      await expectNoSidewaysScroll(page, page.url())
      await page.screenshot({ path: `.arbor/test-results/screens/admin-campaign-${viewport.name}.png`, fullPage: true })
    })
  })
}

/** Dev account `i`'s claim of the campaign open in `page`, submitted by account 0, unless it is claimed already. */
async function claimOnce(page: import('@playwright/test').Page, chain: Chain, distributor: Address, i: number) {
  const account = devAccounts[i]!.address as Address
  const campaignId = new URL(page.url()).pathname.split('/').pop()
  const { index, amount, proof } = (await (await page.request.get(`/api/campaigns/${campaignId}/proof/${account}`)).json()) as { index: number; amount: string; proof: Hex[] }
  if (await chain.public.readContract({ address: distributor, abi: iArborDistributorAbi, functionName: 'isClaimed', args: [BigInt(index)] })) return
  const hash = await chain.wallet(devAccounts[0].address as Address).writeContract({
    address: distributor,
    abi: iArborDistributorAbi,
    functionName: 'claim',
    args: [BigInt(index), account, BigInt(amount), proof],
    account: devAccounts[0].address as Address,
    chain: null,
  })
  expect((await chain.public.waitForTransactionReceipt({ hash })).status).toBe('success')
}

/** Every chart draws inside its frame, with one bar per row of its table (none squeezed out or clipped). */
async function expectChartsWhole(page: import('@playwright/test').Page) {
  const charts = page.locator('figure.chart')
  await expect(charts.first()).toBeVisible()
  for (const chart of await charts.all()) {
    await chart.scrollIntoViewIfNeeded()
    const frame = (await chart.locator('.chart-body').boundingBox())!
    const svg = chart.locator('.chart-body svg.recharts-surface').first()
    await expect(svg).toBeVisible()
    const drawn = (await svg.boundingBox())!
    expect(drawn.x, 'chart starts inside its frame').toBeGreaterThanOrEqual(frame.x - 1)
    expect(drawn.x + drawn.width, 'chart ends inside its frame').toBeLessThanOrEqual(frame.x + frame.width + 1)
    const rows = await chart.locator('table tbody tr').count()
    const bars = chart.locator('.recharts-bar-rectangle')
    if ((await bars.count()) > 0) {
      await expect(bars).toHaveCount(rows)
      for (const bar of await bars.all()) {
        const box = (await bar.boundingBox())!
        expect(box.x, 'bar inside the frame').toBeGreaterThanOrEqual(frame.x - 1)
        expect(box.x + box.width, 'bar inside the frame').toBeLessThanOrEqual(frame.x + frame.width + 1)
      }
    }
  }
}

async function expectNoSidewaysScroll(page: import('@playwright/test').Page, path: string) {
  const { scrollWidth, innerWidth, wide } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    // the widest elements past the right edge, to name the culprit in the failure
    wide: [...document.querySelectorAll('main *')]
      .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${el.className} "${(el.textContent ?? '').slice(0, 40)}" right=${Math.round(el.getBoundingClientRect().right)}`),
  }))
  expect(scrollWidth, `${path} scrolls sideways: ${wide.join('; ')}`).toBeLessThanOrEqual(innerWidth)
}
