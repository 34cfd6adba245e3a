import { encodeFunctionData, getAddress, parseUnits, type Address, type Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import type { ChainClients } from '@/lib/chain/clients'
import { arborExecutorAbi, arborTokenAbi } from '@/lib/chain/contracts'
import { devAccounts } from '@/lib/chain/dev-accounts'
import { TransactionRevertedError } from '@/lib/chain/errors'
import { getVoteTypedData, voteArraysOf } from '@/lib/chain/vote-typed-data'
import type { Db, SqlClient } from '@/lib/db'
import { settleProposal, type SettledProposalSummary } from '@/lib/governance/settlement/settle-proposals'
import { onChainProposalId } from '@/lib/governance/settlement/vote-leaf'
import { createIntakeEngine } from '@/lib/intake/create-intake-engine'
import { createVoteEligibility } from '@/lib/intake/create-vote-eligibility'
import { createVerifierPool } from '@/lib/intake/verifier-pool'
import type { VoteInput } from '@/lib/intake/schema'
import { createVoteMessageType } from '@/lib/intake/vote-message'
import { CheckpointOutOfSyncError } from '@/lib/settlement/post-checkpoints'
import { settleCheckpoint } from '@/lib/settlement/settle-checkpoint'
import { demoSpace } from './content'
import { demoGovernanceProposals } from './seed-governance'

const hour = 60 * 60 * 1000
const day = 24 * hour

/** One vote a dev account signs: `account` is its index in `devAccounts`; `choice` 1 = For, 2 = Against, 3 = Abstain. */
type DemoVote = { account: number; choice: 1 | 2 | 3; reason?: string }

/**
 * The demo's settlement proposals, both basic and ended, with votes signed by dev accounts #1-#4:
 * - `settled`: settled on `ArborSettlement`, no actions; account #2 voted Against, then For, so
 *   its first vote's receipt says it was replaced;
 * - `passed`: one treasury action (25,000 ARB from the timelock to the grants multisig, account
 *   #5), settled `Passed` and queued on the timelock: it waits in the 1 hour veto window, where the
 *   guardian (account #9) may veto it.
 */
export const demoSettlementProposals = {
  settled: {
    title: 'Adopt the community code of conduct',
    body: [
      'Adopt the code of conduct drafted on the forum for every Arbor DAO channel and event.',
      '',
      'Ended and **settled on-chain**: every counted vote is a leaf of the votes root in `ArborSettlement`. Open a vote\'s receipt and press Verify to check it against the chain from your browser.',
    ].join('\n'),
    endedAgo: 2 * day,
    votes: [
      { account: 1, choice: 1, reason: 'Overdue. The draft is short and clear.' },
      { account: 2, choice: 2, reason: 'The reporting process needs more work.' },
      { account: 3, choice: 2 },
      { account: 4, choice: 3 },
      { account: 2, choice: 1, reason: 'The reporting section was fixed; I now support it.' },
    ] as readonly DemoVote[],
  },
  passed: {
    title: 'Pay 25,000 ARB from the treasury for the security audit',
    body: [
      '## Summary',
      'Transfer **25,000 ARB** from the DAO treasury (its timelock) to the grants committee multisig, which pays the auditors of `ArborExecutor`.',
      '',
      'Passed and settled. The transfer is queued on the timelock: it runs once the 1 hour veto window ends, unless the guardian vetoes it first.',
    ].join('\n'),
    endedAgo: hour,
    amount: '25000',
    votes: [
      { account: 1, choice: 1, reason: 'Audits before mainnet, always.' },
      { account: 3, choice: 1 },
      { account: 4, choice: 2, reason: 'Too expensive for one contract.' },
    ] as readonly DemoVote[],
  },
} as const

export type SeedSettlementParameters = {
  sql: SqlClient
  /** The demo's `ArborSettlement`; the clients' account must hold its settler role (dev account #0). */
  settlement: Address
  log?: (message: string) => void
}

export type SeedSettlementReturnType = {
  /** Whether this call wrote, voted, settled or queued anything (false: all was there). */
  created: boolean
  settledProposalId: string
  passedProposalId: string
}

const endedGovernanceTitle = demoGovernanceProposals.find((proposal) => 'ended' in proposal && proposal.ended)!.title

type DemoProposal = { id: string; startAt: Date; endAt: Date; state: string; actions: unknown }

/**
 * Seeds the demo's settled proposal and its passed proposal waiting in the veto window, on the
 * demo space (`ensureDemo` and `seedGovernance` first: the space, its treasury and the dev
 * accounts' delegated power). Each proposal is written with a voting window that has ended; its
 * votes are signed (EIP-712) by dev accounts with timestamps inside the window and submitted to a
 * real intake engine whose clock is set inside the window (the intake refuses votes after the end),
 * so every vote has an intake receipt; the proposal is then settled by the settlement engine
 * (`settleProposal`, from the settler account) and the passed one queued on the timelock through
 * the space's `ArborExecutor`. The governance demo's ended proposal is settled as well. Every step is idempotent and skipped when done (votes are signed
 * deterministically, so a re-submission is a duplicate), so a re-run changes nothing and a demo
 * interrupted half way finishes on its next start.
 */
export async function seedSettlement(db: Db, clients: ChainClients, { sql, settlement, log = () => {} }: SeedSettlementParameters): Promise<SeedSettlementReturnType> {
  const started = performance.now()
  const space = await db.space.findUnique({ where: { slug: demoSpace.slug } })
  if (!space?.executorAddress || !space.timelockAddress) throw new Error('seedSettlement: the demo space has no treasury; run ensureDemo first')
  const token = getAddress(space.tokenAddress)
  const grants = devAccounts[5].address

  const transfer = encodeFunctionData({ abi: arborTokenAbi, functionName: 'transfer', args: [grants, parseUnits(demoSettlementProposals.passed.amount, 18)] })
  const settled = await findOrCreate(db, { spaceId: space.id, proposal: demoSettlementProposals.settled, author: devAccounts[1].address, actions: [] })
  const passed = await findOrCreate(db, {
    spaceId: space.id,
    proposal: demoSettlementProposals.passed,
    author: devAccounts[2].address,
    actions: [{ target: token, value: '0', calldata: transfer, signature: 'transfer(address,uint256)' }],
  })
  let created = settled.created || passed.created

  const unsettled = [
    { proposal: settled.proposal, votes: demoSettlementProposals.settled.votes },
    { proposal: passed.proposal, votes: demoSettlementProposals.passed.votes },
  ].filter(({ proposal }) => proposal.state !== 'settled')
  if (unsettled.length > 0) {
    created = true
    const chainId = await clients.publicClient.getChainId()
    for (const { proposal, votes } of unsettled) await submitVotes(sql, clients, { chainId, token, proposal, votes })
    // As the checkpoint cron does: the votes' intake batches under a checkpoint root on-chain, so
    // each receipt's intake part goes all the way to ArborSettlement too.
    // A database that outlived its chain (a reset node) holds checkpoints the new registry never
    // saw: the receipts then stop at their intake batch, as the checkpoint cron would leave them.
    await settleCheckpoint(sql, { settlement: { address: settlement, clients } }).catch((error: unknown) => {
      if (!(error instanceof CheckpointOutOfSyncError)) throw error
      log(`settlement demo: intake checkpoints not posted (${error.message})`)
    })
    for (const { proposal } of unsettled) assertSettled(await settleProposal(sql, clients, { settlement, proposalId: proposal.id }))
  }

  // The governance demo's ended proposal (its votes signed, written without the intake) settles too.
  const ended = await db.proposal.findFirst({ where: { spaceId: space.id, title: endedGovernanceTitle, state: { not: 'settled' } }, select: { id: true } })
  if (ended) {
    created = true
    assertSettled(await settleProposal(sql, clients, { settlement, proposalId: ended.id }))
  }

  const executor = getAddress(space.executorAddress)
  const actions = passed.proposal.actions as { target: Address; value: string; calldata: Hex }[]
  const args = [onChainProposalId(passed.proposal.id), actions.map((a) => getAddress(a.target)), actions.map((a) => BigInt(a.value)), actions.map((a) => a.calldata)] as const
  const queued = await clients.publicClient.readContract({ address: executor, abi: arborExecutorAbi, functionName: 'queuedOperation', args: [args[0]] })
  if (/^0x0+$/.test(queued)) {
    created = true
    const hash = await clients.walletClient.writeContract({ address: executor, abi: arborExecutorAbi, functionName: 'queue', args })
    const receipt = await clients.publicClient.waitForTransactionReceipt({ hash, pollingInterval: 50 })
    if (receipt.status !== 'success') throw new TransactionRevertedError({ transactionHash: hash })
  }
  if (created) log(`settlement demo: one settled proposal with receipts, one passed proposal queued in the treasury's veto window (${Math.round(performance.now() - started)} ms)`)
  return { created, settledProposalId: settled.proposal.id, passedProposalId: passed.proposal.id }
}

/** The proposal by its title on the demo space, or a new one whose voting window (the space's period) ended `endedAgo` ms ago. */
async function findOrCreate(
  db: Db,
  { spaceId, proposal, author, actions }: { spaceId: string; proposal: { title: string; body: string; endedAgo: number }; author: Address; actions: object[] },
): Promise<{ proposal: DemoProposal; created: boolean }> {
  const select = { id: true, startAt: true, endAt: true, state: true, actions: true } as const
  const existing = await db.proposal.findFirst({ where: { spaceId, title: proposal.title }, select })
  if (existing) return { proposal: existing, created: false }
  // Their voters' power as the governance demo's proposals count it: the same snapshot.
  const [latest] = await db.proposal.findMany({ where: { spaceId }, orderBy: { number: 'desc' }, take: 1, select: { number: true, snapshotBlock: true } })
  if (!latest) throw new Error('seedSettlement: the demo space has no proposals; run seedGovernance first')
  const endAt = new Date(Date.now() - proposal.endedAgo)
  const row = await db.proposal.create({
    select,
    data: {
      spaceId,
      number: latest.number + 1,
      title: proposal.title,
      body: proposal.body,
      author: author.toLowerCase(),
      choices: ['For', 'Against', 'Abstain'],
      votingType: 'basic',
      snapshotBlock: latest.snapshotBlock,
      startAt: new Date(endAt.getTime() - demoSpace.votingPeriodSeconds * 1000),
      endAt,
      // The intake refuses votes on a closed proposal; settling it makes it `settled`.
      state: 'active',
      actions,
    },
  })
  return { proposal: row, created: true }
}

/**
 * Signs `votes` (one an hour into the window, then ten minutes apart) and submits them in order to
 * an intake engine whose clock reads the latest vote's time: one submission until a voter votes
 * again, so a batch holds several votes and a re-vote comes later. Resolves once each is in the vote
 * log and derived into `votes`; a vote already there is a duplicate with the same receipt.
 */
async function submitVotes(
  sql: SqlClient,
  clients: ChainClients,
  { chainId, token, proposal, votes }: { chainId: number; token: Address; proposal: DemoProposal; votes: readonly DemoVote[] },
) {
  let clock = 0
  const engine = createIntakeEngine({
    sql,
    types: [createVoteMessageType(createVoteEligibility({ sql, client: clients.publicClient, proposalTtlMs: 0 }))],
    pool: createVerifierPool({ size: 1 }),
    flushMs: 1,
    now: () => clock,
  })
  const submit = async (inputs: { account: number; input: VoteInput }[]) => {
    const outcomes = await engine.submit('vote', inputs.map(({ input }) => input))
    outcomes.forEach((outcome, i) => {
      if (outcome instanceof Error) throw new Error(`seedSettlement: the intake refused dev account #${inputs[i]!.account}'s vote`, { cause: outcome })
    })
  }
  try {
    const start = Math.floor(proposal.startAt.getTime() / 1000)
    let pending: { account: number; input: VoteInput }[] = []
    for (const [i, { account, choice, reason = '' }] of votes.entries()) {
      if (pending.some((p) => p.account === account)) {
        await submit(pending)
        pending = []
      }
      const signer = privateKeyToAccount(devAccounts[account]!.privateKey)
      const timestamp = start + 3_600 + i * 600
      const typed = getVoteTypedData({ chainId, token, voter: signer.address, proposal: proposal.id, ballot: choice, reason, timestamp: BigInt(timestamp) })
      const { choices, weights } = voteArraysOf(choice)
      const message = { voter: signer.address.toLowerCase(), proposal: proposal.id, choices: choices.map(String), weights: weights.map(String), reason, timestamp: String(timestamp) }
      pending.push({ account, input: { message, signature: await signer.signTypedData(typed) } as VoteInput })
      clock = timestamp
    }
    await submit(pending)
  } finally {
    await engine.close()
  }
}

function assertSettled(summary: SettledProposalSummary) {
  if (summary.status !== 'confirmed' && summary.status !== 'recorded') {
    throw new Error(`seedSettlement: proposal ${summary.proposalId} was not settled (${summary.status}${summary.error ? `: ${summary.error}` : ''})`)
  }
}
