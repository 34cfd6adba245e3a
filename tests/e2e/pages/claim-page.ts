import type { Page } from '@playwright/test'
import { expect } from '../fixtures'

/** The recipient's claim pages, by role and label: what a person sees and does. */
export class ClaimPage {
  constructor(readonly page: Page) {}

  /** Opens /claim and follows the campaign's card; returns the campaign's distributor. */
  async openCampaign(name: string | RegExp): Promise<`0x${string}`> {
    await this.page.goto('/claim')
    await this.page.getByTestId('live-campaigns').getByRole('link', { name }).click()
    await expect(this.page.getByRole('heading', { level: 1 })).toHaveText(name)
    return (await this.page.getByTestId('distributor').locator('[data-address]').getAttribute('data-address')) as `0x${string}`
  }

  /** Connects the injected wallet from the header's menu, unless a reload already reconnected it (wagmi's cookie). */
  async connectBrowserWallet() {
    const connected = this.page.getByTestId('wallet-address')
    const connect = this.page.locator('summary', { hasText: 'Connect wallet' })
    await expect(connected.or(connect)).toBeVisible()
    if (await connect.isVisible()) {
      await connect.click()
      await this.page.getByRole('button', { name: 'Browser wallet' }).click()
    }
    await expect(connected).toBeVisible()
  }

  get allocationAmount() {
    return this.page.getByTestId('allocation-amount')
  }

  get claimState() {
    return this.page.getByTestId('claim-state')
  }

  get txStatus() {
    return this.page.getByTestId('tx-status')
  }

  get signatureStatus() {
    return this.page.getByTestId('signature-status')
  }

  async claimDirect(mode: 'To this wallet' | 'To another address' | 'To this wallet, and delegate its votes' = 'To this wallet', address?: string) {
    await this.page.getByRole('radio', { name: mode, exact: true }).check()
    if (mode === 'To another address' && address) await this.page.getByLabel('Send the tokens to').fill(address)
    if (mode === 'To this wallet, and delegate its votes' && address) await this.page.getByLabel('Delegate votes to').fill(address)
    await this.page.getByTestId('claim-direct').click()
  }

  async claimGasless() {
    await this.page.getByTestId('claim-gasless').click()
  }

  async checkAddress(address: string) {
    await this.page.getByLabel('Check an address').fill(address)
    await this.page.getByRole('button', { name: 'Check', exact: true }).click()
  }
}
