import { readFileSync } from 'node:fs'
import { devAccounts } from '../../lib/chain/dev-accounts'
import { expect, test } from './fixtures'
const dataset = (name: string) => readFileSync(`bench/analysis/proposals/${name}.json`, 'utf8')

test('an admin signs in with a browser wallet, analyzes pasted and uploaded proposals, sees field errors, and signs out', async ({ page, wallet, consoleErrors }) => {
  consoleErrors.allow(422) // the proposal with a bad field, sent on purpose
  await wallet.use(devAccounts[0].address)
  await page.goto('/admin')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Admin')
  await page.getByRole('button', { name: 'Sign in with browser wallet' }).click()
  await expect(page.getByTestId('admin-address')).toHaveText(devAccounts[0].address)

  // Paste: Compound proposal 289's treasury approval.
  const json = page.getByLabel('Proposal JSON')
  await json.fill(dataset('m05-compound-289'))
  await page.getByRole('button', { name: 'Analyze', exact: true }).click()
  const result = page.getByTestId('analysis-result')
  await expect(result.getByTestId('risk-level')).toHaveText(/^(high|critical) risk$/)
  await expect(result.getByTestId('finding').filter({ hasText: '499,000 COMP' }).first()).toBeVisible()
  await expect(result.getByTestId('decoded-action')).toHaveCount(1)
  await expect(result.getByTestId('decoded-action')).toContainText('Allow 0x7d4f…5f60 to spend 499,000 COMP')

  // Upload: the demo grant, analyzed as soon as it is chosen.
  await page.getByTestId('proposal-file').setInputFiles({ name: 'grant.json', mimeType: 'application/json', buffer: Buffer.from(dataset('b01-arbor-demo-grant')) })
  await expect(page.getByText('(from grant.json)')).toBeVisible()
  await expect(result.getByTestId('risk-level')).toHaveText(/^(low|medium) risk$/)
  await expect(result.getByTestId('decoded-action')).toContainText('Transfer 50,000 ARB')

  // A bad field is named; text that is not JSON is said to be so.
  const bad = JSON.parse(dataset('b01-arbor-demo-grant')) as { actions: Record<string, unknown>[] }
  bad.actions[0]!.calldata = '0xa9059cbb0'
  await json.fill(JSON.stringify(bad))
  await page.getByRole('button', { name: 'Analyze', exact: true }).click()
  await expect(page.getByTestId('error-field')).toHaveText('actions.0.calldata')
  await expect(page.getByTestId('analyze-error')).toContainText('must be 0x-prefixed hex bytes')
  await expect(result).toHaveCount(0)
  await json.fill('{ "title": "unfinished",')
  await page.getByRole('button', { name: 'Analyze', exact: true }).click()
  await expect(page.getByTestId('analyze-error')).toContainText('not valid JSON')

  // The example button fills a sample the analyst flags.
  await page.getByRole('button', { name: 'Example: disguised drain' }).click()
  await page.getByRole('button', { name: 'Analyze', exact: true }).click()
  await expect(result.getByTestId('risk-level')).toHaveText('critical risk')

  await page.getByRole('button', { name: 'Sign out' }).click()
  await expect(page.getByRole('heading', { name: 'Sign in with Ethereum' })).toBeVisible()
  await page.reload()
  await expect(page.getByTestId('admin-address')).toHaveCount(0)
})

test('an account that is not an admin is told so, and stays signed out', async ({ page, wallet, consoleErrors }) => {
  consoleErrors.allow(403)
  await wallet.use(devAccounts[1].address)
  await page.goto('/admin')
  await page.getByRole('button', { name: 'Sign in with browser wallet' }).click()
  await expect(page.getByTestId('sign-in-error')).toContainText(`${devAccounts[1].address} is not an admin of this Arbor install`)
  await expect(page.getByTestId('admin-address')).toHaveCount(0)
})

test('with no wallet extension, the local dev account signs in through anvil', async ({ page }) => {
  await page.goto('/admin')
  await expect(page.getByTestId('no-wallet')).toBeVisible()
  await page.getByTestId('dev-sign-in').click()
  await expect(page.getByTestId('admin-address')).toHaveText(devAccounts[0].address)
})

test('the analyze API answers 401 without an admin session', async ({ request }) => {
  const response = await request.post('/api/admin/analyze', { data: JSON.parse(dataset('m05-compound-289')) as unknown })
  expect(response.status()).toBe(401)
  expect(await response.json()).toMatchObject({ error: { code: 'unauthorized', message: expect.stringContaining('sign in') } })
  const session = await request.get('/api/auth/session')
  expect(await session.json()).toEqual({ session: null })
})
