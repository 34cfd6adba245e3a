/**
 * A voter's receipt, checked in the browser against the chain. Votes come through the intake (one
 * through the vote panel with the injected wallet, two signed with a dev account's key and posted
 * to /api/votes: a vote and its replacement). Before settlement the receipt says "accepted, not yet
 * counted". The proposal is then settled on-chain directly with the settler (anvil dev account #0,
 * the e2e stack's settler) and its `proposal_results` row written, as the settlement engine will.
 * The counted vote verifies on-chain through an RPC URL and through the wallet's provider; the
 * replaced one says so and links the counted one.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { Page } from '@playwright/test'
import { keccak256, toHex, type Address, type Hex } from 'viem'
import { arborSettlementAbi } from '../../lib/chain/contracts'
import { devAccounts } from '../../lib/chain/dev-accounts'
import { createDatabase } from '../../lib/db/create-database'
import type { Database } from '../../lib/db/types'
import { onChainProposalId, VOTE_LEAF_ENCODING, voteLeafValues } from '../../lib/governance/settlement/vote-leaf'
import { buildTree } from '../../lib/merkle/build-tree'
import { seedProposals, signVote } from '../intake/support/fixtures'
import { expect, test } from './fixtures'
import { rpcUrl } from './ports'

/** The running e2e stack's database, named in its lock file (scripts/dev.ts). */
function stackDatabase(): Database {
  const lock = JSON.parse(readFileSync(path.resolve('.arbor/e2e/dev.lock'), 'utf8')) as { databaseUrl?: string }
  if (!lock.databaseUrl) throw new Error('the e2e stack did not name its database in .arbor/e2e/dev.lock')
  return createDatabase({ kind: 'postgres', url: lock.databaseUrl, poolSize: 1 })
}

async function connectAs(page: Page, index: number) {
  const disconnect = page.getByRole('button', { name: 'Disconnect' })
  const connect = page.getByText('Connect wallet')
  await expect(disconnect.or(connect)).toBeVisible()
  if (await disconnect.isVisible()) await disconnect.click()
  await connect.click()
  await page.getByRole('button', { name: `Local dev account #${index}`, exact: true }).click()
  await expect(page.getByTestId('wallet-menu').or(page.locator('.wallet-menu'))).toContainText(devAccounts[index]!.address.slice(0, 6))
}

async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: `.arbor/test-results/screens/${name}.png`, fullPage: true })
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${name} scrolls sideways`).toBe(true)
}

/** The receipt JSON the page offers for download (its data: link). */
async function downloadedReceipt(page: Page) {
  const href = (await page.getByTestId('receipt-download').getAttribute('href'))!
  expect(href).toMatch(/^data:application\/json;charset=utf-8,/)
  return JSON.parse(decodeURIComponent(href.slice(href.indexOf(',') + 1))) as { status: string; vote: { id: string }; settlement: { address: Address; chainId: number } }
}

test('a receipt: accepted before settlement, verified on-chain after it, and the replaced vote points at the counted one', async ({ page, wallet, chain }) => {
  test.setTimeout(180_000)
  const database = stackDatabase()
  try {
    const { rows: [space] } = await database.sql.query<{ token_address: string }>("SELECT token_address FROM spaces WHERE slug = 'arbor-dao'")
    const snapshotBlock = await chain.public.getBlockNumber()
    const [proposalId] = await seedProposals(database.sql, { chainId: 31337, token: space!.token_address, snapshotBlock, choices: ['Keep the budget', 'Raise it', 'Cut it'] })
    const { rows: [seeded] } = await database.sql.query<{ slug: string }>('SELECT s.slug FROM proposals p JOIN spaces s ON s.id = p.space_id WHERE p.id = $1', [proposalId])
    const target = { proposalId: proposalId!, chainId: 31337, token: space!.token_address }

    // Member #1 votes in the vote panel with the injected wallet; the panel links the receipt.
    await wallet.use(devAccounts[1].address)
    await page.goto(`/dao/${seeded!.slug}/1`)
    await connectAs(page, 1)
    await page.getByRole('radio', { name: 'Raise it' }).check()
    await page.getByRole('button', { name: 'Sign and vote' }).click()
    await expect(page.getByTestId('signature-status')).toContainText('Signed and recorded by Arbor')
    await page.getByTestId('vote-receipt-link').click()
    await expect(page).toHaveURL(/\/dao\/receipt\/0x[0-9a-f]{64}$/)
    const panelVoteId = page.url().split('/').at(-1)!
    await expect(page.getByTestId('receipt-status')).toHaveText(/^Accepted, not yet counted: voting is still open\./)
    await expect(page.getByTestId('receipt-ballot')).toHaveText('Raise it')
    const { settlement } = await downloadedReceipt(page)

    // Member #2 votes through the API with their key, then changes the vote.
    const key = { privateKey: devAccounts[2].privateKey, address: devAccounts[2].address.toLowerCase() }
    const now = Math.floor(Date.now() / 1000)
    const first = await signVote(key, target, { choice: 1, reason: 'keep it simple', timestamp: now - 20 })
    const second = await signVote(key, target, { choice: 3, reason: 'on reflection, cut it', timestamp: now - 5 })
    for (const vote of [first, second]) expect((await page.request.post('/api/votes', { data: vote })).status()).toBe(200)

    await page.goto(`/dao/receipt/${second.id}`)
    await expect(page.getByTestId('receipt-status')).toHaveText(/^Accepted, not yet counted: voting is still open\./)
    await page.getByRole('button', { name: 'Verify' }).click()
    await expect(page.getByTestId('verify-verdict')).toHaveText(/Accepted, not yet counted: in intake batch #\d+, which is not in an on-chain checkpoint yet\./)
    await expect(page.getByTestId('verify-result')).toHaveAttribute('data-outcome', 'pending')

    // Settle on-chain with the settler, as the settlement engine does: the counted votes' root.
    const { rows: counted } = await database.sql.query<{ message_id: string; voter: string; choice: number; voting_power: string }>(
      'SELECT message_id, voter, choice, voting_power::text FROM votes WHERE proposal_id = $1',
      [proposalId],
    )
    expect(counted.map((v) => v.message_id).sort()).toEqual([panelVoteId, second.id].sort())
    const tree = buildTree({
      values: counted.map((v) => voteLeafValues({ id: v.message_id as Hex, voter: v.voter as Address, choice: v.choice, votingPower: BigInt(v.voting_power) })),
      leafEncoding: VOTE_LEAF_ENCODING,
    })
    const tallyHash = keccak256(toHex('e2e tally'))
    const hash = await chain.wallet(devAccounts[0].address).writeContract({
      address: settlement.address,
      abi: arborSettlementAbi,
      functionName: 'settleProposal',
      args: [onChainProposalId(proposalId!), tree.root, tallyHash, 2n, 0, `0x${'0'.repeat(64)}`],
      account: devAccounts[0].address,
      chain: null,
    })
    expect((await chain.public.waitForTransactionReceipt({ hash })).status).toBe('success')
    await database.sql.query(
      "INSERT INTO proposal_results (proposal_id, votes_root, tally_hash, vote_count, tx_hash, status, chain_id, settlement_address) VALUES ($1, $2, $3, 2, $4, 'confirmed', 31337, $5)",
      [proposalId, tree.root, tallyHash, hash, settlement.address.toLowerCase()],
    )
    await database.sql.query("UPDATE proposals SET state = 'settled' WHERE id = $1", [proposalId])

    // The counted vote: verified in the browser against the root read from the chain.
    await page.goto(`/dao/receipt/${second.id}`)
    await expect(page.getByTestId('receipt-status')).toHaveText(/^Counted in the settled result\./)
    await expect(page.getByTestId('receipt-ballot')).toHaveText('Cut it')
    const verify = page.getByTestId('verify-receipt')
    await expect(verify.getByRole('textbox', { name: 'RPC URL' })).toHaveValue(rpcUrl)
    await verify.getByRole('button', { name: 'Verify' }).click()
    await expect(page.getByTestId('verify-verdict')).toContainText('Verified on-chain')
    const steps = page.getByTestId('verify-steps')
    await expect(steps).toContainText(`Asked ${rpcUrl}: chain id 31337.`)
    await expect(steps).toContainText(`ArborSettlement at ${settlement.address}: proposalResult(${onChainProposalId(proposalId!)}).votesRoot = ${tree.root}.`)
    await expect(steps).toContainText('ArborSettlement.verifyVote(…) eth_call answered true.')
    await expect(page.getByTestId('verify-time')).toHaveText(/^The check took \d+\.\d ms after the root was read\.$/)
    expect(await chain.public.readContract({ address: settlement.address, abi: arborSettlementAbi, functionName: 'proposalResult', args: [onChainProposalId(proposalId!)] })).toMatchObject({ votesRoot: tree.root })
    await page.getByTestId('receipt-proof-nodes').locator('summary').click()
    await expect(page.getByTestId('receipt-proof-nodes').getByRole('listitem')).toHaveCount(1)
    expect(await downloadedReceipt(page)).toMatchObject({ status: 'counted', vote: { id: second.id } })
    await screenshot(page, 'receipt-counted-1280')

    // The same check through the wallet's provider (the injected wallet), on a phone.
    await page.setViewportSize({ width: 390, height: 844 })
    await page.reload()
    await page.getByRole('radio', { name: "My wallet's provider" }).check()
    await page.getByRole('button', { name: 'Verify' }).click()
    await expect(page.getByTestId('verify-verdict')).toContainText('Verified on-chain')
    await expect(steps).toContainText("Asked your wallet's provider: chain id 31337.")
    await screenshot(page, 'receipt-counted-390')

    // The replaced vote says so, offers no check, and links the vote that counted.
    await page.setViewportSize({ width: 1280, height: 800 })
    await page.goto(`/dao/receipt/${first.id}`)
    await expect(page.getByTestId('receipt-status')).toHaveText(/^Replaced by a later vote — this one was not counted\./)
    await expect(page.getByTestId('receipt-ballot')).toHaveText('Keep the budget')
    await expect(page.getByTestId('verify-receipt')).toHaveCount(0)
    await screenshot(page, 'receipt-superseded-1280')
    await page.getByTestId('counted-vote-link').click()
    await expect(page).toHaveURL(new RegExp(`/dao/receipt/${second.id}$`))
    await expect(page.getByTestId('receipt-status')).toHaveText(/^Counted in the settled result\./)

    // The votes list links each counted vote's receipt.
    await page.goto(`/dao/${seeded!.slug}/1`)
    const links = page.getByTestId('votes-list').getByRole('link', { name: /^Receipt of / })
    await expect(links).toHaveCount(2)
    expect((await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')))).sort()).toEqual([`/dao/receipt/${panelVoteId}`, `/dao/receipt/${second.id}`].sort())
  } finally {
    await database.close()
  }
})
