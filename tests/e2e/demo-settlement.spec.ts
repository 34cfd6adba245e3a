/**
 * What `npm run dev` seeds for settlement (lib/demo/seed-settlement.ts), as a visitor finds it: a
 * settled proposal whose receipts verify on-chain in the browser (and whose replaced vote says so),
 * and a passed treasury proposal queued on the timelock, waiting in its veto window, where the
 * guardian (anvil account #9) sees Veto. Nothing here changes the demo's state.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { Page } from '@playwright/test'
import { devAccounts } from '../../lib/chain/dev-accounts'
import { createDatabase } from '../../lib/db/create-database'
import { demoSettlementProposals } from '../../lib/demo/seed-settlement'
import { loggedVotes } from '../../lib/intake/vote-message'
import { expect, test } from './fixtures'
import { rpcUrl } from './ports'

async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: `.arbor/test-results/screens/${name}.png`, fullPage: true })
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${name} scrolls sideways`).toBe(true)
}

/** The replaced vote's id: in the vote log, not in the votes list (the running e2e stack's database, named in its lock file). */
async function replacedVoteId(title: string): Promise<string> {
  const lock = JSON.parse(readFileSync(path.resolve('.arbor/e2e/dev.lock'), 'utf8')) as { databaseUrl?: string }
  if (!lock.databaseUrl) throw new Error('the e2e stack did not name its database in .arbor/e2e/dev.lock')
  const database = createDatabase({ kind: 'postgres', url: lock.databaseUrl, poolSize: 1 })
  try {
    const { rows } = await database.sql.query<{ id: string }>(
      `SELECT '0x' || encode(v.message_id, 'hex') AS id FROM ${loggedVotes('vote_log l JOIN proposals p ON p.id = l.proposal_id WHERE p.title = $1')} AS v
       WHERE v.voter = decode($2, 'hex') ORDER BY v.ts`,
      [title, devAccounts[2].address.slice(2).toLowerCase()],
    )
    expect(rows).toHaveLength(2)
    return rows[0]!.id
  } finally {
    await database.close()
  }
}

test('the settled demo proposal: a receipt verifies on-chain in the browser, and the replaced vote points at the counted one', async ({ page }) => {
  const { title } = demoSettlementProposals.settled
  await page.goto('/dao/arbor-dao')
  await page.getByRole('link', { name: title }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title)
  await expect(page.getByTestId('results').getByTestId('vote-count')).toHaveText('4 votes')
  const receipts = page.getByTestId('votes-list').getByRole('link', { name: /^Receipt of / })
  await expect(receipts).toHaveCount(4)
  await screenshot(page, 'demo-settled-1280')

  // Account #2 voted Against, then For: its counted receipt.
  await page.getByTestId('votes-list').getByRole('link', { name: `Receipt of ${devAccounts[2].address.toLowerCase()}'s vote` }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Vote receipt')
  await expect(page.getByTestId('receipt-status')).toHaveText(/^Counted in the settled result\./)
  await expect(page.getByTestId('receipt-ballot')).toHaveText('For')
  const verify = page.getByTestId('verify-receipt')
  await expect(verify.getByRole('textbox', { name: 'RPC URL' })).toHaveValue(rpcUrl)
  await verify.getByRole('button', { name: 'Verify' }).click()
  await expect(page.getByTestId('verify-verdict')).toContainText('Verified on-chain')
  await expect(page.getByTestId('verify-steps')).toContainText('ArborSettlement.verifyVote(…) eth_call answered true.')
  await screenshot(page, 'demo-receipt-1280')
  const counted = page.url()

  await page.setViewportSize({ width: 390, height: 844 })
  await page.reload()
  await page.getByTestId('verify-receipt').getByRole('button', { name: 'Verify' }).click()
  await expect(page.getByTestId('verify-verdict')).toContainText('Verified on-chain')
  await screenshot(page, 'demo-receipt-390')

  await page.goto(`/dao/receipt/${await replacedVoteId(title)}`)
  await expect(page.getByTestId('receipt-status')).toHaveText(/^Replaced by a later vote — this one was not counted\./)
  await expect(page.getByTestId('receipt-ballot')).toHaveText('Against')
  await expect(page.getByTestId('verify-receipt')).toHaveCount(0)
  await screenshot(page, 'demo-receipt-replaced-390')
  await page.getByTestId('counted-vote-link').click()
  await expect(page).toHaveURL(counted)
})

test('the passed demo proposal waits in its veto window; the guardian sees Veto', async ({ page }) => {
  const { title } = demoSettlementProposals.passed
  await page.goto('/dao/arbor-dao')
  await page.getByRole('link', { name: title }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title)
  const panel = page.getByTestId('execution-panel')
  await expect(panel.getByTestId('execution-state')).toContainText('Queued. Executable in')
  await expect(panel.getByTestId('execution-countdown')).toHaveText(/^(1 h 0 min|\d+ min \d+ s)$/)
  await expect(panel).toContainText('Veto window: the guardian')
  await expect(panel.getByRole('button', { name: 'Veto', exact: true })).toHaveCount(0)
  await screenshot(page, 'demo-queued-1280')

  await page.setViewportSize({ width: 390, height: 844 })
  await page.getByText('Connect wallet').click()
  await page.getByRole('button', { name: 'Local dev account #9', exact: true }).click()
  await expect(page.locator('.wallet-menu')).toContainText(devAccounts[9].address.slice(0, 6))
  await expect(panel.getByRole('button', { name: 'Veto', exact: true })).toBeVisible()
  await panel.scrollIntoViewIfNeeded()
  await screenshot(page, 'demo-queued-guardian-390')
})
