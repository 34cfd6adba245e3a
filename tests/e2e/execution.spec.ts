import type { Page } from '@playwright/test'
import { encodeFunctionData, getAddress, keccak256, parseUnits, toHex, type Address, type Hex } from 'viem'
import type { ChainClients } from '../../lib/chain/clients'
import { arborExecutorAbi, arborSettlementAbi, arborTokenAbi } from '../../lib/chain/contracts'
import { deployDaoExecutor } from '../../lib/chain/deploy-dao-executor'
import { devAccounts } from '../../lib/chain/dev-accounts'
import { actionsHash, onChainProposalId, Outcome } from '../../lib/governance/settlement/vote-leaf'
import { expect, signInAsAdmin, test, type Chain } from './fixtures'
import { webPort } from './ports'

// In the e2e stack dev account #0 deploys, holds the ARB supply and is ArborSettlement's settler (scripts/dev.ts).
const settler = devAccounts[0]
const guardian = devAccounts[8]
const minDelay = 3600

/** Connects local dev account #index from the header's wallet menu (disconnecting whoever was connected). */
async function connectAs(page: Page, index: number) {
  const disconnect = page.getByRole('button', { name: 'Disconnect' })
  const connect = page.getByText('Connect wallet')
  await expect(disconnect.or(connect)).toBeVisible()
  if (await disconnect.isVisible()) await disconnect.click()
  await connect.click()
  await page.getByRole('button', { name: `Local dev account #${index}`, exact: true }).click()
  await expect(page.locator('.wallet-menu')).toContainText(devAccounts[index]!.address.slice(0, 6))
}

async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: `.arbor/test-results/screens/${name}.png`, fullPage: true })
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${name} scrolls sideways`).toBe(true)
}

async function mined(chain: Chain, hash: Promise<Hex>) {
  const receipt = await chain.public.waitForTransactionReceipt({ hash: await hash })
  expect(receipt.status).toBe('success')
}

test('a passed proposal is queued, waits out its veto window and is executed; another is vetoed by the guardian', async ({ page, chain, consoleErrors }) => {
  test.setTimeout(180_000)
  consoleErrors.allow(422)
  const balanceOf = (token: Address, account: Address) => chain.public.readContract({ address: token, abi: arborTokenAbi, functionName: 'balanceOf', args: [account] })

  // The demo's treasury executor names the settlement registry; its proposals are not settled.
  await page.goto('/dao/arbor-dao/1')
  const demoPanel = page.getByTestId('execution-panel')
  await expect(demoPanel.getByTestId('execution-state')).toContainText('Voting result not settled yet')
  const demoExecutor = getAddress((await demoPanel.getByTestId('execution-executor').locator('[data-address]').getAttribute('data-address'))!)
  const settlement = await chain.public.readContract({ address: demoExecutor, abi: arborExecutorAbi, functionName: 'settlement' })
  await page.goto('/')
  const token = getAddress((await page.getByTestId('space-arbor-dao').getByTestId('token-address').textContent())!.trim())

  // A new DAO treasury: a 1 hour timelock, guardian #8, funded with 1,000 ARB.
  const deployer = chain.wallet(settler.address)
  const clients = { publicClient: chain.public, walletClient: deployer } as unknown as Pick<ChainClients, 'publicClient' | 'walletClient'>
  const dao = await deployDaoExecutor(clients, { settlement, guardian: guardian.address, minDelay: BigInt(minDelay) })
  await mined(chain, deployer.writeContract({ address: token, abi: arborTokenAbi, functionName: 'transfer', args: [dao.timelock, parseUnits('1000', 18)], account: settler.address, chain: deployer.chain }))

  // The admin creates the space with its treasury through the form.
  await signInAsAdmin(page)
  await page.goto('/admin/spaces')
  const name = `Treasury ${Date.now()}`
  await page.getByLabel('Name', { exact: true }).fill(name)
  await page.getByLabel('Token address').fill(token)
  await page.getByLabel('Executor address').fill(dao.executor)
  await page.getByLabel('Timelock (treasury) address').fill(dao.timelock)
  // An address that cannot cancel on this timelock is refused on-chain, under its field (422).
  await page.getByLabel('Guardian address').fill(devAccounts[7]!.address)
  await page.getByRole('button', { name: 'Create space' }).click()
  await expect(page.getByLabel('Guardian address')).toHaveAttribute('aria-invalid', 'true')
  await expect(page.locator('#space-guardian-error')).toContainText('cannot cancel on this timelock')
  await page.getByLabel('Guardian address').fill(dao.guardian)
  await page.getByRole('button', { name: 'Create space' }).click()
  await expect(page).toHaveURL(/\/admin\/spaces\/[^/]+\/proposals\/new$/)
  const slug = new URL(page.url()).pathname.split('/')[3]!

  /** A basic proposal paying `amount` ARB from the treasury to `recipient`, settled on-chain as Passed. */
  async function passedProposal(title: string, recipient: Address, amount: string) {
    const action = { target: token, value: 0n, calldata: encodeFunctionData({ abi: arborTokenAbi, functionName: 'transfer', args: [recipient, parseUnits(amount, 18)] }) }
    const response = await page.request.post(`/api/admin/spaces/${slug}/proposals`, {
      headers: { origin: `http://127.0.0.1:${webPort}` },
      data: {
        title,
        body: `Pay ${amount} ARB from the treasury.`,
        votingType: 'basic',
        startAt: new Date(Date.now() - 60_000).toISOString(),
        endAt: new Date(Date.now() + 3_600_000).toISOString(),
        actions: [{ target: action.target, value: '0', calldata: action.calldata }],
      },
    })
    expect(response.status()).toBe(201)
    const { id, number } = (await response.json()) as { id: string; number: number }
    await mined(
      chain,
      deployer.writeContract({
        address: settlement,
        abi: arborSettlementAbi,
        functionName: 'settleProposal',
        args: [onChainProposalId(id), keccak256(toHex(`votes ${id}`)), keccak256(toHex(`tally ${id}`)), 3n, Outcome.Passed, actionsHash(dao.executor, [action])],
        account: settler.address,
        chain: deployer.chain,
      }),
    )
    return { number, executorArgs: [onChainProposalId(id), [action.target], [action.value], [action.calldata]] as const }
  }

  const recipient = getAddress(keccak256(toHex(`e2e recipient ${name}`)).slice(0, 42))
  const grant = await passedProposal('Pay the auditors', recipient, '250')
  await page.goto(`/dao/${slug}/${grant.number}`)
  const panel = page.getByTestId('execution-panel')
  const stateText = panel.getByTestId('execution-state')
  await connectAs(page, 4)
  await expect(stateText).toContainText('Passed. Queue it')
  await panel.getByRole('button', { name: 'Queue', exact: true }).click()
  await expect(panel.getByTestId('tx-status').filter({ hasText: 'Queue: confirmed' })).toBeVisible()
  await expect(stateText).toContainText('Queued. Executable in')
  await expect(panel.getByTestId('execution-countdown')).toHaveText(/^(1 h 0 min|59 min \d+ s)$/)
  await expect(panel).toContainText('Veto window: the guardian')
  await expect(panel.getByRole('button', { name: 'Execute', exact: true })).toHaveCount(0)
  await expect(panel.getByRole('button', { name: 'Veto', exact: true })).toHaveCount(0)
  await screenshot(page, 'execution-waiting-1280')

  await chain.increaseTime(minDelay)
  await expect(stateText).toContainText('Ready')
  expect(await balanceOf(token, recipient)).toBe(0n)
  await panel.getByRole('button', { name: 'Execute', exact: true }).click()
  await expect(panel.getByTestId('tx-status').filter({ hasText: 'Execute: confirmed' })).toBeVisible()
  await expect(stateText).toContainText('Executed.')
  await expect(panel.getByTestId('execution-tx')).toBeVisible()
  await screenshot(page, 'execution-executed-1280')
  expect(await balanceOf(token, recipient)).toBe(parseUnits('250', 18))
  expect(await balanceOf(token, dao.timelock)).toBe(parseUnits('750', 18))

  // A second passed proposal is queued, then vetoed by the guardian's wallet: it can never run.
  const drain = await passedProposal('Move the treasury', recipient, '700')
  await page.setViewportSize({ width: 390, height: 844 })
  await page.goto(`/dao/${slug}/${drain.number}`)
  await expect(stateText).toContainText('Passed. Queue it')
  await panel.getByRole('button', { name: 'Queue', exact: true }).click()
  await expect(stateText).toContainText('Queued. Executable in')
  await connectAs(page, 8)
  await expect(panel.getByRole('button', { name: 'Veto', exact: true })).toBeVisible()
  await screenshot(page, 'execution-guardian-390')
  await panel.getByRole('button', { name: 'Veto', exact: true }).click()
  await expect(panel.getByTestId('tx-status').filter({ hasText: 'Veto: confirmed' })).toBeVisible()
  await expect(stateText).toContainText('Vetoed by the guardian')
  await chain.increaseTime(minDelay)
  await page.reload()
  await expect(stateText).toContainText('Vetoed by the guardian')
  await expect(panel.getByRole('button', { name: /Execute|Queue/ })).toHaveCount(0)
  await expect(
    chain.public.simulateContract({ address: dao.executor, abi: arborExecutorAbi, functionName: 'execute', args: drain.executorArgs, account: settler.address }),
  ).rejects.toThrow(/ProposalVetoed/)
  expect(await balanceOf(token, recipient)).toBe(parseUnits('250', 18))
  expect(await balanceOf(token, dao.timelock)).toBe(parseUnits('750', 18))
})
