// NOT RUN YET (testMatch is **/*.spec.ts): the claim flows, written against the running portal but
// not yet seen passing (the first run found the status region unmounting after a claim, fixed in
// claim-panel.tsx since). Rename to claim-flows.spec.ts once it passes against a build made with
// NEXT_PUBLIC_RPC_URL=http://127.0.0.1:$E2E_RPC_PORT.
import type { Page } from '@playwright/test'
import { parseUnits, type Address, type Hex } from 'viem'
import { arborTokenAbi } from '../../lib/chain/contracts/ArborToken'
import { iArborDistributorAbi } from '../../lib/chain/contracts/IArborDistributor'
import { devAccounts } from '../../lib/chain/dev-accounts'
import { demoCampaignName } from '../../lib/demo/content'
import { endedCampaignName } from '../../lib/demo/seed-airdrops'
import { expect, test, type Chain } from './fixtures'
import { ClaimPage } from './pages/claim-page'

// The live demo campaign: dev account i is leaf i with 1,000 - 100 i ARB (lib/chain/deploy-demo-campaign.ts).
const allocationOf = (i: number) => parseUnits(String(1000 - 100 * i), 18)
const account = (i: number) => devAccounts[i]!.address as Address

async function tokenOf(chain: Chain, distributor: Address): Promise<Address> {
  return await chain.public.readContract({ address: distributor, abi: iArborDistributorAbi, functionName: 'token' })
}

async function balanceOf(chain: Chain, token: Address, holder: Address): Promise<bigint> {
  return await chain.public.readContract({ address: token, abi: arborTokenAbi, functionName: 'balanceOf', args: [holder] })
}

async function isClaimed(chain: Chain, distributor: Address, index: number): Promise<boolean> {
  return await chain.public.readContract({ address: distributor, abi: iArborDistributorAbi, functionName: 'isClaimed', args: [BigInt(index)] })
}

test('a recipient claims directly and sees it confirmed; the chain pays them and marks the leaf', async ({ page, wallet, chain }) => {
  await wallet.use(account(1))
  const claim = new ClaimPage(page)
  const distributor = await claim.openCampaign(demoCampaignName)
  const token = await tokenOf(chain, distributor)
  await expect(page.getByTestId('claim-window')).toContainText(/Open until .* UTC/)
  await claim.connectBrowserWallet()
  await expect(claim.allocationAmount).toHaveText('900 ARB')
  await expect(claim.claimState).toHaveText('Not claimed yet')

  const before = await balanceOf(chain, token, account(1))
  await claim.claimDirect()
  await expect(claim.txStatus).toHaveAttribute('data-status', 'confirmed', { timeout: 30_000 })
  await expect(claim.txStatus).toContainText('Claim: confirmed in block')
  await expect(claim.claimState).toHaveText('Already claimed')
  await expect(page.getByTestId('claim-direct')).toHaveCount(0)
  expect(await balanceOf(chain, token, account(1))).toBe(before + allocationOf(1))
  expect(await isClaimed(chain, distributor, 1)).toBe(true)
})

test('another recipient claims gasless, and sees it confirmed after the relayer runs', async ({ page, wallet, chain, consoleErrors }) => {
  // 409: signing again on purpose, answered with the claim already recorded.
  consoleErrors.allow(409)
  await wallet.use(account(2))
  const claim = new ClaimPage(page)
  const distributor = await claim.openCampaign(demoCampaignName)
  const token = await tokenOf(chain, distributor)
  await claim.connectBrowserWallet()
  await expect(claim.allocationAmount).toHaveText('800 ARB')
  await claim.claimGasless()
  await expect(claim.signatureStatus).toHaveAttribute('data-status', 'submitted')
  await expect(claim.signatureStatus).toContainText('Signed and recorded by Arbor.')
  const receiptId = await page.getByTestId('receipt-id').getAttribute('title')
  expect(receiptId).toMatch(/^0x[0-9a-f]{64}$/)
  const recorded = await page.request.get(`/api/claims/${receiptId}`)
  expect(await recorded.json()).toMatchObject({ status: 'pending', index: 2, account: account(2), to: account(2), amount: allocationOf(2).toString() })
  // Not paid until a relayer batch settles it.
  expect(await isClaimed(chain, distributor, 2)).toBe(false)

  // Signing again finds the recorded claim and follows it instead of making a second one.
  await page.reload()
  await claim.claimGasless()
  await expect(claim.signatureStatus).toHaveAttribute('data-status', 'submitted')
  await expect(page.getByTestId('receipt-id')).toHaveAttribute('title', receiptId!)

  const before = await balanceOf(chain, token, account(2))
  const relay = await page.request.get('/api/cron/relay')
  expect(relay.status()).toBe(200)
  await expect(claim.signatureStatus).toHaveAttribute('data-status', 'settled', { timeout: 30_000 })
  await expect(claim.signatureStatus).toContainText('Settled on-chain.')
  await expect(claim.claimState).toHaveText('Already claimed')
  expect(await isClaimed(chain, distributor, 2)).toBe(true)
  expect(await balanceOf(chain, token, account(2))).toBe(before + allocationOf(2))
})

test('a third claims, tries again and is told it is already claimed; a claim made elsewhere meanwhile is refused with the reason', async ({ page, wallet, chain }) => {
  await wallet.use(account(3))
  const claim = new ClaimPage(page)
  const distributor = await claim.openCampaign(demoCampaignName)
  const token = await tokenOf(chain, distributor)
  await claim.connectBrowserWallet()
  const before = await balanceOf(chain, token, account(3))
  await claim.claimDirect()
  await expect(claim.txStatus).toHaveAttribute('data-status', 'confirmed', { timeout: 30_000 })

  // Second try: the page reads isClaimed from the chain and offers no claim.
  await page.reload()
  await expect(claim.claimState).toHaveText('Already claimed')
  await expect(page.getByTestId('already-claimed')).toContainText('already been claimed')
  await expect(page.getByTestId('claim-direct')).toHaveCount(0)
  await expect(page.getByTestId('claim-gasless')).toHaveCount(0)
  expect(await balanceOf(chain, token, account(3))).toBe(before + allocationOf(3))

  // Connected as account 3, checking account 4 shows its allocation but says only its own wallet can claim it.
  await page.getByLabel('Check an address').fill(account(4))
  await page.getByRole('button', { name: 'Check', exact: true }).click()
  await expect(page.getByTestId('other-wallet')).toBeVisible()
})

test('a claim submitted elsewhere while the page is open is refused with the decoded reason', async ({ page, wallet, chain }) => {
  await wallet.use(account(4))
  const claim = new ClaimPage(page)
  const distributor = await claim.openCampaign(demoCampaignName)
  await claim.connectBrowserWallet()
  await expect(claim.claimState).toHaveText('Not claimed yet')
  // Someone else submits account 4's claim (`claim` pays the account, whoever sends it).
  await submitClaimFor(page, chain, distributor, 4)
  await claim.claimDirect()
  await expect(claim.txStatus).toHaveAttribute('data-status', 'failed')
  await expect(claim.txStatus).toContainText('This allocation has already been claimed.')
})

test('claimTo sends the tokens to another address; claimAndDelegate also delegates the votes', async ({ page, wallet, chain }) => {
  await wallet.use(account(5))
  const claim = new ClaimPage(page)
  const distributor = await claim.openCampaign(demoCampaignName)
  const token = await tokenOf(chain, distributor)
  await claim.connectBrowserWallet()
  const receiver = `0x${'5a'.repeat(20)}` as Address
  // A bad destination is named under its field; nothing is sent.
  await claim.claimDirect('To another address', '0xnope')
  await expect(page.getByLabel('Send the tokens to')).toHaveAttribute('aria-invalid', 'true')
  await expect(claim.txStatus).toHaveAttribute('data-status', 'idle')
  await claim.claimDirect('To another address', receiver)
  await expect(claim.txStatus).toHaveAttribute('data-status', 'confirmed', { timeout: 30_000 })
  expect(await balanceOf(chain, token, receiver)).toBe(allocationOf(5))

  await wallet.use(account(6))
  await claim.openCampaign(demoCampaignName)
  await claim.connectBrowserWallet()
  await expect(claim.allocationAmount).toHaveText('400 ARB')
  await claim.claimDirect('To this wallet, and delegate its votes')
  await expect(claim.txStatus).toHaveAttribute('data-status', 'confirmed', { timeout: 30_000 })
  expect(await chain.public.readContract({ address: token, abi: arborTokenAbi, functionName: 'delegates', args: [account(6)] })).toBe(account(6))
  expect(await chain.public.readContract({ address: token, abi: arborTokenAbi, functionName: 'getVotes', args: [account(6)] })).toBeGreaterThanOrEqual(allocationOf(6))
})

test('plain errors: wrong network (switch offered), declined signature, not eligible, ended', async ({ page, wallet }) => {
  await wallet.use(account(8), { chainId: 1 })
  const claim = new ClaimPage(page)
  await claim.openCampaign(demoCampaignName)
  await claim.connectBrowserWallet()
  await expect(claim.allocationAmount).toHaveText('200 ARB')
  const switchButtons = page.getByRole('button', { name: /^Switch to / })
  await expect(switchButtons.first()).toBeVisible()
  await expect(page.getByTestId('claim-direct')).toHaveCount(0)
  await switchButtons.first().click()
  await expect(page.getByTestId('claim-gasless')).toBeVisible()

  await wallet.rejectNext()
  await claim.claimGasless()
  await expect(claim.signatureStatus).toContainText('You declined in your wallet.')

  await claim.checkAddress(`0x${'de'.repeat(20)}`)
  await expect(page.getByTestId('not-eligible')).toContainText('is not in this airdrop')
  await claim.checkAddress('0x12')
  await expect(page.getByLabel('Check an address')).toHaveAttribute('aria-invalid', 'true')

  await page.goto('/claim')
  await page.getByRole('textbox', { name: 'Address', exact: true }).fill(account(1))
  await page.getByRole('button', { name: 'Check address' }).click()
  await page.getByTestId('lookup-result').filter({ hasText: endedCampaignName }).getByRole('link').click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(endedCampaignName)
  await expect(page.getByTestId('claim-window')).toContainText(/^Ended .* UTC$/)
  await expect(page.getByTestId('ended')).toContainText('This airdrop has ended')
  await expect(page.getByTestId('claim-direct')).toHaveCount(0)
  await expect(page.getByTestId('claim-gasless')).toHaveCount(0)
})

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 } })

  test('a recipient claims at 390 px wide, by keyboard, and nothing scrolls sideways', async ({ page, wallet, chain }, testInfo) => {
    await wallet.use(account(7))
    const claim = new ClaimPage(page)
    const distributor = await claim.openCampaign(demoCampaignName)
    const token = await tokenOf(chain, distributor)
    await claim.connectBrowserWallet()
    await expect(claim.allocationAmount).toHaveText('300 ARB')
    await page.screenshot({ path: testInfo.outputPath('claim-390.png'), fullPage: true })
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true)

    const before = await balanceOf(chain, token, account(7))
    await page.getByTestId('claim-direct').focus()
    await page.keyboard.press('Enter')
    await expect(claim.txStatus).toHaveAttribute('data-status', 'confirmed', { timeout: 30_000 })
    await expect(claim.claimState).toHaveText('Already claimed')
    expect(await balanceOf(chain, token, account(7))).toBe(before + allocationOf(7))
    await page.screenshot({ path: testInfo.outputPath('claimed-390.png'), fullPage: true })
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true)

    await page.goto('/claim')
    await page.screenshot({ path: testInfo.outputPath('claim-list-390.png'), fullPage: true })
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true)
  })
})

test('screenshots at 1280 px wide', async ({ page, wallet }, testInfo) => {
  await page.setViewportSize({ width: 1280, height: 800 })
  await wallet.use(account(9))
  const claim = new ClaimPage(page)
  await claim.openCampaign(demoCampaignName)
  await claim.connectBrowserWallet()
  await expect(claim.allocationAmount).toHaveText('100 ARB')
  await page.screenshot({ path: testInfo.outputPath('claim-1280.png'), fullPage: true })
  await page.goto(`/claim?address=${account(2).toLowerCase()}`)
  // Both demo campaigns list it (a campaign another spec created may too).
  await expect(page.getByTestId('lookup-result').filter({ hasText: demoCampaignName })).toHaveCount(1)
  await expect(page.getByTestId('lookup-result').filter({ hasText: endedCampaignName })).toHaveCount(1)
  await page.screenshot({ path: testInfo.outputPath('claim-list-1280.png'), fullPage: true })
})

/** Submits dev account `i`'s `claim` from account 0 (anyone may submit it; the tokens still go to account `i`), with the proof API's proof. */
async function submitClaimFor(page: Page, chain: Chain, distributor: Address, i: number) {
  const campaignId = new URL(page.url()).pathname.split('/').pop()
  const response = await page.request.get(`/api/campaigns/${campaignId}/proof/${account(i)}`)
  expect(response.status()).toBe(200)
  const { index, amount, proof } = (await response.json()) as { index: number; amount: string; proof: Hex[] }
  const hash = await chain.wallet(account(0)).writeContract({
    address: distributor,
    abi: iArborDistributorAbi,
    functionName: 'claim',
    args: [BigInt(index), account(i), BigInt(amount), proof],
    account: account(0),
    chain: null,
  })
  const receipt = await chain.public.waitForTransactionReceipt({ hash })
  expect(receipt.status).toBe('success')
}
