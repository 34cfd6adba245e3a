/**
 * Issue #12 end to end, through the real settlement engine: an admin creates a space on the demo
 * token with a treasury (a timelock funded with ARB, an ArborExecutor, a guardian) and two basic
 * proposals, each paying ARB from the timelock, in the admin UI. Three members with different power
 * vote in the browser, one of them twice; both voting windows run at once and end a minute or two
 * later; the proposals settle through the cron route (`GET /api/cron/settle-proposals`, open on the
 * local dev stack). A voter verifies their receipt in the browser against the root read from the
 * chain; the replaced vote's receipt links the counted one. The first proposal is queued, waits out
 * its veto window (anvil's clock) and is executed: the recipient's balance changes on chain. The
 * second is queued and vetoed by the guardian, and can then never be executed.
 */
import type { Page } from '@playwright/test'
import { encodeFunctionData, getAddress, keccak256, parseUnits, toHex, type Address, type Hex } from 'viem'
import type { ChainClients } from '../../lib/chain/clients'
import { arborExecutorAbi, arborSettlementAbi, arborTokenAbi } from '../../lib/chain/contracts'
import { deployDaoExecutor } from '../../lib/chain/deploy-dao-executor'
import { devAccounts } from '../../lib/chain/dev-accounts'
import { Outcome } from '../../lib/governance/settlement/vote-leaf'
import { expect, signInAsAdmin, test, type Chain } from './fixtures'
import { rpcUrl } from './ports'

// In the e2e stack dev account #0 deploys, holds the ARB supply (and may mint) and is the settler (scripts/dev.ts).
const deployerAccount = devAccounts[0]
const guardian = devAccounts[8]
// The veto window: anvil's clock is moved past it, so it can be as long as a real DAO's.
const minDelay = 3600
// How long after the admin opens the first proposal both voting windows end: two proposals and five votes took about 10 s here (2 shared cores, load 6-7), so 5x that.
const votingWindowMs = 50_000
// The engine settles a proposal this long after its end (settle-proposals.ts `graceMs`), so the last intake batch is written.
const settleGraceMs = 10_000

/** Connects local dev account #index from the header's wallet menu (disconnecting whoever was connected). */
async function connectAs(page: Page, index: number) {
  const disconnect = page.getByRole('button', { name: 'Disconnect' })
  const connect = page.getByText('Connect wallet')
  await expect(disconnect.or(connect)).toBeVisible()
  if (await disconnect.isVisible()) await disconnect.click()
  await connect.click()
  await page.getByRole('button', { name: `Local dev account #${index}`, exact: true }).click()
  await expect(page.getByTestId('wallet-menu').or(page.locator('.wallet-menu'))).toContainText(devAccounts[index]!.address.slice(0, 6))
}

/** Votes For/Against/Abstain on the open proposal page as the connected member; returns the vote's id (its receipt link). */
async function vote(page: Page, choice: 'For' | 'Against' | 'Abstain', { replaces = false } = {}): Promise<Hex> {
  const panel = page.getByTestId('vote-panel')
  await expect(panel.getByTestId('voting-power')).toBeVisible()
  await panel.getByRole('radio', { name: choice, exact: true }).check()
  await panel.getByRole('button', { name: replaces ? 'Sign and change my vote' : 'Sign and vote' }).click()
  await expect(page.getByTestId('signature-status')).toContainText('Signed and recorded by Arbor')
  if (replaces) await expect(page.getByTestId('signature-status')).toContainText('It replaces your earlier vote.')
  const href = (await page.getByTestId('vote-receipt-link').getAttribute('href'))!
  expect(href).toMatch(/^\/dao\/receipt\/0x[0-9a-f]{64}$/)
  return href.split('/').at(-1) as Hex
}

/** A `datetime-local` value (the proposal form's fields are the browser's local time), to the second. */
async function localTime(page: Page, at: number): Promise<string> {
  return page.evaluate((at) => {
    const d = new Date(Math.floor(at / 1000) * 1000)
    const pad = (n: number) => String(n).padStart(2, '0')
    // Chromium normalizes ":00" seconds away, and Playwright's fill checks the value it reads back.
    const seconds = d.getSeconds() === 0 ? '' : `:${pad(d.getSeconds())}`
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}${seconds}`
  }, at)
}

async function mined(chain: Chain, hash: Promise<Hex>) {
  const receipt = await chain.public.waitForTransactionReceipt({ hash: await hash })
  expect(receipt.status).toBe('success')
}

test('a treasury proposal: voted in the browser, settled by the cron route, receipts verified on-chain, executed after its veto window; another vetoed', async ({ page, chain, request }) => {
  test.setTimeout(360_000)
  const balanceOf = (token: Address, account: Address) => chain.public.readContract({ address: token, abi: arborTokenAbi, functionName: 'balanceOf', args: [account] })
  const votesOf = (token: Address, account: Address) => chain.public.readContract({ address: token, abi: arborTokenAbi, functionName: 'getVotes', args: [account] })

  // The demo token, and the ArborSettlement registry the engine settles on (the demo treasury's executor names it).
  await page.goto('/')
  const token = getAddress((await page.getByTestId('space-arbor-dao').getByTestId('token-address').textContent())!.trim())
  await page.goto('/dao/arbor-dao/1')
  const demoExecutor = getAddress((await page.getByTestId('execution-panel').getByTestId('execution-executor').locator('[data-address]').getAttribute('data-address'))!)
  const settlement = await chain.public.readContract({ address: demoExecutor, abi: arborExecutorAbi, functionName: 'settlement' })

  // The DAO's treasury: a 1 hour timelock with guardian #8 and its ArborExecutor, funded with 1,000 freshly minted ARB.
  const deployer = chain.wallet(deployerAccount.address)
  const clients = { publicClient: chain.public, walletClient: deployer } as unknown as Pick<ChainClients, 'publicClient' | 'walletClient'>
  const dao = await deployDaoExecutor(clients, { settlement, guardian: guardian.address, minDelay: BigInt(minDelay) })
  await mined(chain, deployer.writeContract({ address: token, abi: arborTokenAbi, functionName: 'mint', args: [dao.timelock, parseUnits('1000', 18)], account: deployerAccount.address, chain: deployer.chain }))
  expect(await balanceOf(token, dao.timelock)).toBe(parseUnits('1000', 18))

  // Members #1-#3 hold different delegated power (the demo seed): #1 alone outweighs #2 and #3 together.
  const [power1, power2, power3] = await Promise.all([votesOf(token, devAccounts[1].address), votesOf(token, devAccounts[2].address), votesOf(token, devAccounts[3].address)])
  expect(power1 > power2 + power3 && power2 > power3 && power3 > 0n, `powers ${power1} ${power2} ${power3}`).toBe(true)

  // The admin creates the space with its treasury, and a short shortest voting period (0.02 h, 72 s).
  await signInAsAdmin(page)
  await page.goto('/admin/spaces')
  const name = `Settled treasury ${Date.now()}`
  await page.getByLabel('Name', { exact: true }).fill(name)
  await page.getByLabel('Token address').fill(token)
  await page.getByLabel('Shortest voting period (hours)').fill('0.02')
  await page.getByLabel('Executor address').fill(dao.executor)
  await page.getByLabel('Timelock (treasury) address').fill(dao.timelock)
  await page.getByLabel('Guardian address').fill(dao.guardian)
  await page.getByRole('button', { name: 'Create space' }).click()
  await expect(page).toHaveURL(/\/admin\/spaces\/[^/]+\/proposals\/new$/)
  const slug = new URL(page.url()).pathname.split('/')[3]!

  // Two basic proposals, each one treasury transfer (transfer(address,uint256) on the token, from the timelock).
  // Both windows opened a minute ago and end at the same moment, so they run concurrently.
  const recipient = getAddress(keccak256(toHex(`e2e settlement recipient ${name}`)).slice(0, 42))
  const endAt = Date.now() + votingWindowMs
  async function createProposal(title: string, amount: string): Promise<string> {
    await page.goto(`/admin/spaces/${slug}/proposals/new`)
    await page.getByLabel('Title').fill(title)
    await page.getByLabel('Text (Markdown)').fill(`Pay **${amount} ARB** from the treasury to the auditors.`)
    await page.getByLabel('Voting type').selectOption({ label: 'Basic (For, Against, Abstain)' })
    await page.getByRole('button', { name: 'Add an action' }).click()
    await page.getByLabel('Action 1: target contract').fill(token)
    await page.getByLabel('Function signature').fill('transfer(address,uint256)')
    await page.getByLabel('Arguments, comma-separated (amounts in base units)').fill(`${recipient}, ${parseUnits(amount, 18)}`)
    await page.getByLabel('Voting starts (your local time)').fill(await localTime(page, Date.now() - 60_000))
    await page.getByLabel('Voting ends (your local time)').fill(await localTime(page, endAt))
    await page.getByRole('button', { name: 'Create proposal' }).click()
    await expect(page).toHaveURL(new RegExp(`/dao/${slug}/\\d+$`))
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(title)
    return page.url()
  }
  const grantUrl = await createProposal('Pay the auditors', '250')
  const drainUrl = await createProposal('Move the treasury', '700')
  await expect(page.getByTestId('decoded-action')).toContainText('transfer')

  // The grant: #1 votes Against, #2 For, #3 Against; then #1 changes to For before the end.
  // Counted as cast first it would fail (Against outweighs For); with the re-vote it passes.
  await page.goto(grantUrl)
  await connectAs(page, 1)
  const replacedVote = await vote(page, 'Against')
  await connectAs(page, 2)
  const voter2Vote = await vote(page, 'For')
  await connectAs(page, 3)
  await vote(page, 'Against')
  await connectAs(page, 1)
  await expect(page.getByTestId('current-vote')).toContainText('Against')
  const countedVote = await vote(page, 'For', { replaces: true })
  const results = page.getByTestId('results')
  await expect(results.getByTestId('vote-count')).toHaveText('3 votes')

  // The drain: #2 alone votes For (it would pass; the guardian stops it later).
  await page.goto(drainUrl)
  await connectAs(page, 2)
  await vote(page, 'For')
  expect(Date.now(), 'the votes were cast before the windows ended').toBeLessThan(endAt)
  test.info().annotations.push({ type: 'voting window', description: `votes done ${Math.round((endAt - Date.now()) / 1000)} s before the end` })

  // The proposals' ids, from Arbor's receipt route (`GET /api/votes/<id>/receipt`).
  const receiptOf = async (voteId: Hex) => {
    const response = await request.get(`/api/votes/${voteId}/receipt`)
    expect(response.status()).toBe(200)
    return (await response.json()) as { status: string; vote: { proposalId: string; onChainProposalId: Hex } }
  }
  const grant = (await receiptOf(countedVote)).vote
  expect((await receiptOf(replacedVote)).status).toBe('superseded')
  const drainVote = (await page.getByTestId('vote-receipt-link').getAttribute('href'))!.split('/').at(-1) as Hex
  const drain = (await receiptOf(drainVote)).vote

  // Before the end (and its grace) the cron route settles neither.
  const cron = async () => {
    const response = await request.get('/api/cron/settle-proposals')
    expect(response.status(), await response.text()).toBe(200)
    return (await response.json()) as { configured: boolean; settled: { proposalId: string; status: string; outcome: string; voteCount: number; votesRoot: Hex }[]; errors: { proposalId: string; message: string }[] }
  }
  const early = await cron()
  expect(early.configured).toBe(true)
  expect(early.settled.map((s) => s.proposalId)).not.toContain(grant.proposalId)
  expect(early.settled.map((s) => s.proposalId)).not.toContain(drain.proposalId)

  // While the windows run out, #2's receipt is the intake's: accepted, not yet counted.
  await page.goto(`/dao/receipt/${voter2Vote}`)
  await expect(page.getByTestId('receipt-status')).toHaveText(/^Accepted, not yet counted: (voting is still open|settlement pending)\./)

  // The windows end; after the engine's grace the cron route settles both, once each, on chain.
  await page.waitForTimeout(Math.max(0, endAt + settleGraceMs + 1_000 - Date.now()))
  const settled = new Map<string, { status: string; outcome: string; voteCount: number; votesRoot: Hex }>()
  await expect
    .poll(async () => {
      const run = await cron()
      expect(run.errors.filter((e) => e.proposalId === grant.proposalId || e.proposalId === drain.proposalId)).toEqual([])
      for (const s of run.settled) if (s.proposalId === grant.proposalId || s.proposalId === drain.proposalId) settled.set(s.proposalId, s)
      return settled.size
    }, { timeout: 30_000, intervals: [1_000] })
    .toBe(2)
  expect(settled.get(grant.proposalId)).toMatchObject({ status: 'confirmed', outcome: 'passed', voteCount: 3 })
  expect(settled.get(drain.proposalId)).toMatchObject({ status: 'confirmed', outcome: 'passed', voteCount: 1 })
  // A second run posts nothing for them.
  expect((await cron()).settled.map((s) => s.proposalId)).not.toContain(grant.proposalId)
  const onChain = await chain.public.readContract({ address: settlement, abi: arborSettlementAbi, functionName: 'proposalResult', args: [grant.onChainProposalId] })
  expect(onChain).toMatchObject({ votesRoot: settled.get(grant.proposalId)!.votesRoot, voteCount: 3n, outcome: Outcome.Passed })

  // Voter #2 opens their receipt and verifies it in the browser against the root read from the chain.
  await page.goto(`/dao/receipt/${voter2Vote}`)
  await expect(page.getByTestId('receipt-status')).toHaveText(/^Counted in the settled result\./)
  await expect(page.getByTestId('receipt-ballot')).toHaveText('For')
  const verify = page.getByTestId('verify-receipt')
  await expect(verify.getByRole('textbox', { name: 'RPC URL' })).toHaveValue(rpcUrl)
  await verify.getByRole('button', { name: 'Verify' }).click()
  await expect(page.getByTestId('verify-verdict')).toContainText('Verified on-chain')
  const steps = page.getByTestId('verify-steps')
  await expect(steps).toContainText(`Asked ${rpcUrl}: chain id 31337.`)
  // The page names the registry as the receipt stores it, lowercase.
  await expect(steps).toContainText(`ArborSettlement at ${settlement.toLowerCase()}: proposalResult(${grant.onChainProposalId}).votesRoot = ${onChain.votesRoot}.`)
  await expect(steps).toContainText('ArborSettlement.verifyVote(…) eth_call answered true.')

  // #1's first vote says it was replaced and links the counted one.
  await page.goto(`/dao/receipt/${replacedVote}`)
  await expect(page.getByTestId('receipt-status')).toHaveText(/^Replaced by a later vote — this one was not counted\./)
  await expect(page.getByTestId('receipt-ballot')).toHaveText('Against')
  await expect(page.getByTestId('verify-receipt')).toHaveCount(0)
  await page.getByTestId('counted-vote-link').click()
  await expect(page).toHaveURL(new RegExp(`/dao/receipt/${countedVote}$`))
  await expect(page.getByTestId('receipt-status')).toHaveText(/^Counted in the settled result\./)
  await expect(page.getByTestId('receipt-ballot')).toHaveText('For')

  // The grant is queued, waits out the veto window on anvil's clock, and is executed: the ARB moves on chain.
  await page.goto(grantUrl)
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
  await chain.increaseTime(minDelay)
  await expect(stateText).toContainText('Ready')
  expect(await balanceOf(token, recipient)).toBe(0n)
  await panel.getByRole('button', { name: 'Execute', exact: true }).click()
  await expect(panel.getByTestId('tx-status').filter({ hasText: 'Execute: confirmed' })).toBeVisible()
  await expect(stateText).toContainText('Executed.')
  await expect(panel.getByTestId('execution-tx')).toBeVisible()
  expect(await balanceOf(token, recipient)).toBe(parseUnits('250', 18))
  expect(await balanceOf(token, dao.timelock)).toBe(parseUnits('750', 18))

  // The drain is queued, then vetoed by the guardian during its window: it can never run.
  await page.goto(drainUrl)
  await expect(stateText).toContainText('Passed. Queue it')
  await panel.getByRole('button', { name: 'Queue', exact: true }).click()
  await expect(stateText).toContainText('Queued. Executable in')
  await connectAs(page, 8)
  await panel.getByRole('button', { name: 'Veto', exact: true }).click()
  await expect(panel.getByTestId('tx-status').filter({ hasText: 'Veto: confirmed' })).toBeVisible()
  await expect(stateText).toContainText('Vetoed by the guardian')
  await chain.increaseTime(minDelay)
  await page.reload()
  await expect(stateText).toContainText('Vetoed by the guardian')
  await expect(panel.getByRole('button', { name: /Execute|Queue/ })).toHaveCount(0)
  const drainAction = { target: token, value: 0n, calldata: encodeFunctionData({ abi: arborTokenAbi, functionName: 'transfer', args: [recipient, parseUnits('700', 18)] }) }
  await expect(
    chain.public.simulateContract({
      address: dao.executor,
      abi: arborExecutorAbi,
      functionName: 'execute',
      args: [drain.onChainProposalId, [drainAction.target], [drainAction.value], [drainAction.calldata]],
      account: deployerAccount.address,
    }),
  ).rejects.toThrow(/ProposalVetoed/)
  expect(await balanceOf(token, recipient)).toBe(parseUnits('250', 18))
  expect(await balanceOf(token, dao.timelock)).toBe(parseUnits('750', 18))
})
