import type { Page } from '@playwright/test'
import { expect } from '../fixtures'

/** A member's "New proposal" page of a space (`/dao/[slug]/new`), by role and label. */
export class MemberProposalPage {
  constructor(readonly page: Page) {}

  /** Opens the space page and follows its "New proposal" link. */
  async open(slug: string) {
    await this.page.goto(`/dao/${slug}`)
    await this.page.getByRole('link', { name: 'New proposal' }).click()
    await expect(this.page.getByRole('heading', { level: 1 })).toHaveText(/^New proposal in /)
  }

  /** Connects the injected wallet from the header's menu, unless wagmi already reconnected it. */
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

  get power() {
    return this.page.getByTestId('proposer-power')
  }

  get belowThreshold() {
    return this.page.getByTestId('below-threshold')
  }

  get submit() {
    return this.page.getByRole('button', { name: 'Sign and create proposal' })
  }

  get signatureStatus() {
    return this.page.getByTestId('signature-status')
  }

  /** Fills a single-choice proposal with `choices`, by keyboard (Tab moves between fields). */
  async fillSingleChoice({ title, body, choices }: { title: string; body: string; choices: string[] }) {
    await this.page.getByLabel('Title').fill(title)
    await this.page.keyboard.press('Tab')
    await this.page.keyboard.type(body)
    await this.page.getByLabel('Voting type').selectOption({ label: 'Single choice' })
    for (let i = 2; i < choices.length; i++) await this.page.getByRole('button', { name: 'Add a choice' }).click()
    for (const [i, name] of choices.entries()) await this.page.getByLabel(`Choice ${i + 1}`, { exact: true }).fill(name)
  }

  /** Sets the voting window to start a minute ago and last `minutes`, in the browser's own zone (the fields are local time). */
  async setWindow(minutes: number) {
    const [start, end] = await this.page.evaluate((minutes) => {
      const pad = (n: number) => String(n).padStart(2, '0')
      const local = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`
      const from = new Date(Date.now() - 60_000)
      return [local(from), local(new Date(from.getTime() + minutes * 60_000))]
    }, minutes)
    await this.page.getByLabel('Voting starts (your local time)').fill(start)
    await this.page.getByLabel('Voting ends (your local time)').fill(end)
  }
}
