/**
 * An admin creates an airdrop from a CSV in the browser: bad rows are listed by line, the fixed
 * file is built into a tree, and the campaign is deployed and funded from the admin's wallet on
 * the e2e anvil. The distributor's token balance is then read from the chain.
 */
import type { Page } from '@playwright/test'
import { erc20Abi, getAddress, parseUnits, type Address } from 'viem'
import { arborTokenAbi, arborTokenBytecode } from '../../lib/chain/contracts'
import { devAccounts } from '../../lib/chain/dev-accounts'
import { expect, signInAsAdmin, test } from './fixtures'

const admin = devAccounts[0].address
const [r1, r2, r3] = [devAccounts[1].address, devAccounts[2].address, devAccounts[3].address]

/** `YYYY-MM-DDTHH:mm` in the browser's (and this process's) time zone, for `datetime-local`. */
function localInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`
}

async function expectNoSidewaysScroll(page: Page) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }))
  expect(scrollWidth).toBeLessThanOrEqual(innerWidth)
}

async function screenshots(page: Page, name: string) {
  for (const [label, width, height] of [['phone', 390, 844], ['desktop', 1280, 800]] as const) {
    await page.setViewportSize({ width, height })
    await expectNoSidewaysScroll(page)
    await page.screenshot({ path: `.arbor/test-results/screens/${name}-${label}.png`, fullPage: true })
  }
  await page.setViewportSize({ width: 1280, height: 800 })
}

test('an admin uploads a CSV with bad rows, fixes them, creates, deploys and funds a campaign', async ({ page, wallet, chain, consoleErrors }) => {
  test.setTimeout(180_000)
  consoleErrors.allow(422) // the file with bad rows, sent on purpose

  // a fresh token held by the admin, so the test owns every balance it asserts
  const deployer = chain.wallet(admin)
  const deployHash = await deployer.deployContract({
    abi: arborTokenAbi,
    bytecode: arborTokenBytecode,
    args: ['Drop Token', 'DROP', admin, admin, parseUnits('1000000', 18)],
    chain: deployer.chain,
    account: admin,
  })
  const token = (await chain.public.waitForTransactionReceipt({ hash: deployHash })).contractAddress as Address

  await wallet.use(admin)
  await signInAsAdmin(page)
  await page.getByRole('link', { name: 'New campaign' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('New campaign')

  const now = Date.now()
  await page.getByLabel('Name').fill('E2E drop')
  await page.getByLabel('Token address').fill(token)
  await page.getByLabel(/Claims open/).fill(localInput(new Date(now - 60 * 60 * 1000)))
  await page.getByLabel(/Claims close/).fill(localInput(new Date(now + 7 * 24 * 60 * 60 * 1000)))
  await screenshots(page, 'campaign-new')
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page.getByRole('heading', { name: 'Allocations for E2E drop' })).toBeVisible()
  await expect(page.getByText('Token: DROP (18 decimals)')).toBeVisible()

  const bad = [
    'Address,Amount',
    `"${r1}","100.5"`,
    `"${r2}","1,000"`, // line 3: a quoted thousands separator
    `${r3},0`, // line 4: zero
    `${r1.toLowerCase()},5`, // line 5: r1 again, other case
  ].join('\r\n')
  await page.getByLabel('Allocation file (CSV)').setInputFiles({ name: 'drop.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) })
  await expect(page.getByText('4 rows after the header')).toBeVisible()
  await page.getByRole('button', { name: 'Upload and build the tree' }).click()
  const badRows = page.getByRole('table', { name: 'Bad rows' })
  await expect(page.getByRole('heading', { name: /3 bad rows of 4: nothing was stored/ })).toBeVisible()
  await expect(badRows.getByRole('row')).toHaveCount(4)
  await expect(badRows.getByRole('row').nth(1)).toContainText('3')
  await expect(badRows.getByRole('row').nth(1)).toContainText('thousands separator')
  await expect(badRows.getByRole('row').nth(2)).toContainText('amount is zero')
  await expect(badRows.getByRole('row').nth(3)).toContainText('duplicate address')
  await expect(badRows.getByRole('row').nth(3)).toContainText('first on line 2')
  await screenshots(page, 'campaign-bad-rows')

  const fixed = ['Address,Amount', `"${r1}","100.5"`, `"${r2}","1000"`, `${r3},499.5`, ''].join('\r\n')
  await page.getByLabel('Allocation file (CSV)').setInputFiles({ name: 'drop.csv', mimeType: 'text/csv', buffer: Buffer.from(fixed) })
  await page.getByRole('button', { name: 'Upload and build the tree' }).click()

  await expect(page.getByTestId('recipient-count')).toHaveText('3', { timeout: 60_000 })
  await expect(page.getByTestId('campaign-total')).toContainText('1,600')
  await expect(page.getByTestId('merkle-root')).toHaveText(/^0x[0-9a-f]{64}$/)
  await expect(page.getByTestId('content-hash')).toHaveText(/^0x[0-9a-f]{64}$/)
  const predicted = (await page.getByTestId('distributor-address').textContent())!.trim()
  expect(predicted).toMatch(/^0x[0-9a-fA-F]{40}$/)
  await expect(page.getByRole('table', { name: 'Largest allocations' }).getByRole('row')).toHaveCount(4)
  await screenshots(page, 'campaign-review')

  // signing in connected the wallet; connect it here only if it is not
  if (await page.getByTestId('require-wallet').count()) {
    await page.getByTestId('require-wallet').first().click()
    await page.getByRole('list', { name: 'Wallets' }).getByRole('button').first().click()
  }
  await page.getByRole('button', { name: 'Create the distributor' }).click()
  const statuses = page.getByTestId('tx-status')
  await expect(statuses.first()).toHaveAttribute('data-status', 'confirmed', { timeout: 60_000 })
  await expect(statuses.first()).toContainText(/0x[0-9a-f]{4}/)
  await expect(page.getByText(`Deployed at ${getAddress(predicted)}`)).toBeVisible()

  await page.getByRole('button', { name: /Transfer 1,600/ }).click()
  await expect(page.getByTestId('campaign-status')).toHaveText('Live', { timeout: 60_000 })

  const balance = await chain.public.readContract({ address: token, abi: erc20Abi, functionName: 'balanceOf', args: [getAddress(predicted)] })
  expect(balance).toBe(parseUnits('1600', 18))
  await expect(page.getByTestId('underfunded')).toHaveCount(0)
  await screenshots(page, 'campaign-live')

  await page.goto('/admin')
  await expect(page.getByRole('region', { name: 'Airdrop campaigns' }).getByRole('link', { name: 'E2E drop' })).toBeVisible()
})

test('campaign writes refuse a request without a session or from another site, and store nothing', async ({ page, playwright, wallet }) => {
  const input = { name: 'Forged', tokenAddress: admin, startAt: new Date().toISOString(), endAt: new Date(Date.now() + 86_400_000).toISOString() }
  const anonymous = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL })
  const noSession = await anonymous.post('/api/admin/campaigns', { data: input })
  expect(noSession.status()).toBe(401)
  await anonymous.dispose()

  await wallet.use(admin)
  await signInAsAdmin(page)
  for (const origin of ['http://evil.example', 'null']) {
    const crossSite = await page.request.post('/api/admin/campaigns', { data: input, headers: { origin, 'content-type': 'text/plain' } })
    expect(crossSite.status()).toBe(403)
    expect((await crossSite.json()).error.details.field).toBe('origin')
  }
  await page.goto('/admin')
  await expect(page.getByRole('region', { name: 'Airdrop campaigns' })).not.toContainText('Forged')
})
