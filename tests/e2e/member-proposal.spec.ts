/**
 * A member creates a proposal in the browser by signing an EIP-712 `Proposal` (no admin): the page
 * shows their power against the space's threshold (demo: 5,000 ARB), switches the wallet's network,
 * shows the API's errors under their fields, and opens the new proposal with the analyst's panel.
 * Below the threshold the page says why and how to get power, and offers nothing to sign.
 */
import { getAddress } from 'viem'
import { arborTokenAbi } from '../../lib/chain/contracts'
import { devAccounts } from '../../lib/chain/dev-accounts'
import { formatTokenAmount } from '../../lib/format'
import type { Page } from '@playwright/test'
import { expect, test } from './fixtures'
import { MemberProposalPage } from './pages/member-proposal-page'

const account = (index: number) => devAccounts[index]!.address

async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: `.arbor/test-results/screens/${name}.png`, fullPage: true })
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${name} scrolls sideways`).toBe(true)
}

test('a member above the threshold signs a proposal on a phone and lands on it', async ({ page, wallet, chain, consoleErrors }) => {
  consoleErrors.allow(422)
  // Account #3 was seeded with 10,000 delegated ARB; earlier specs may have added to it (an airdrop claim), so read it from the chain.
  await page.goto('/')
  const token = getAddress((await page.getByTestId('space-arbor-dao').getByTestId('token-address').textContent())!.trim())
  const power = await chain.public.readContract({ address: token, abi: arborTokenAbi, functionName: 'getVotes', args: [account(3)] })
  expect(power).toBeGreaterThanOrEqual(10_000n * 10n ** 18n)
  await page.setViewportSize({ width: 390, height: 844 })
  // Its wallet starts on another network.
  await wallet.use(account(3), { chainId: 1 })
  const proposal = new MemberProposalPage(page)
  await proposal.open('arbor-dao')
  await expect(page.getByText('Any member with at least 5,000 ARB of voting power may propose')).toBeVisible()
  await proposal.connectBrowserWallet()
  await expect(proposal.power).toContainText(`${formatTokenAmount(power, 18, 'ARB')} of the 5,000 ARB needed to propose. You can propose.`)

  const title = `Fund a community call ${Date.now()}`
  await proposal.fillSingleChoice({ title, body: 'A monthly **community call**, run by members.', choices: ['Monthly', 'Quarterly', 'Not now'] })
  // Ten minutes is shorter than the space's minimum period: only the server knows, and says so under the field.
  await proposal.setWindow(10)
  const switchButton = page.getByTestId('member-proposal').getByRole('button', { name: /^Switch to / })
  await expect(switchButton).toBeVisible()
  await expect(proposal.submit).toHaveCount(0)
  await switchButton.click()
  await proposal.submit.click()
  await expect(page.getByLabel('Voting ends (your local time)')).toHaveAttribute('aria-invalid', 'true')
  await expect(page.locator('#proposal-end-error')).toContainText('voting must last at least')
  await expect(proposal.signatureStatus).toContainText('see the fields marked above')
  await expect(page).toHaveURL(/\/dao\/arbor-dao\/new$/)

  await proposal.setWindow(3 * 24 * 60)
  await screenshot(page, 'member-proposal-form-390')
  await proposal.submit.click()
  await expect(page).toHaveURL(/\/dao\/arbor-dao\/\d+$/, { timeout: 30_000 })
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title)
  await expect(page.getByTestId('voting-type')).toContainText('Single choice')
  await expect(page.getByTestId('analysis')).toBeVisible()
  await expect(page.getByTestId('risk-level')).toBeVisible()
  await expect(page.getByTestId('vote-panel')).toBeVisible()
  await screenshot(page, 'member-proposal-created-390')
})

test('a member below the threshold is told why and how to get power, and cannot submit', async ({ page, wallet }) => {
  await page.setViewportSize({ width: 1280, height: 800 })
  // Account #5 has 2,500 delegated ARB: half the threshold.
  await wallet.use(account(5))
  const proposal = new MemberProposalPage(page)
  await proposal.open('arbor-dao')
  await proposal.connectBrowserWallet()
  await expect(proposal.power).toContainText('2,500 ARB of the 5,000 ARB needed to propose.')
  await expect(proposal.belowThreshold).toContainText('You cannot propose yet: you need 2,500 ARB more voting power.')
  await expect(proposal.belowThreshold).toContainText('delegate')
  await expect(proposal.submit).toHaveCount(0)
  await expect(page.getByLabel('Title')).toHaveCount(0)
  await screenshot(page, 'member-proposal-below-1280')
  await page.setViewportSize({ width: 390, height: 844 })
  await screenshot(page, 'member-proposal-below-390')
})
