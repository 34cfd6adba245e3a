import { encodeFunctionData, getAddress, hashTypedData, parseUnits, type Address } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import type { ChainClients } from '@/lib/chain/clients'
import { arborTokenAbi } from '@/lib/chain/contracts'
import { devAccounts } from '@/lib/chain/dev-accounts'
import type { Db } from '@/lib/db'
import { getVoteTypedData } from '@/lib/chain/vote-typed-data'
import { demoSpace } from './content'

const day = 24 * 60 * 60 * 1000

/** Delegated power of anvil accounts #1-#5 after seeding (tokens); #6 holds tokens it never delegated; #7 holds none. */
export const demoVotingPower = { 1: '50000', 2: '25000', 3: '10000', 4: '4000', 5: '2500' } as const
export const demoUndelegated = { 6: '1000' } as const

/** The governance demo: one proposal per voting type, open, and one that has ended with its votes. */
export const demoGovernanceProposals = [
  { title: 'Pick the city for ArborCon 2027', votingType: 'ranked_choice', choices: ['Lisbon', 'Berlin', 'Buenos Aires', 'Seoul'], body: 'Rank the cities you would travel to, best first. You may leave out the ones you would not attend.' },
  { title: 'Split the 2027 ecosystem budget', votingType: 'weighted', choices: ['Developer grants', 'Security audits', 'Education', 'Events'], body: 'Spread your voting power over the four budget lines; the budget follows the result.' },
  { title: 'Which public good should the DAO fund first?', votingType: 'quadratic', choices: ['Block explorer', 'Light client', 'Docs translation'], body: 'Quadratic voting: many members with a little power outweigh one member with a lot.' },
  { title: 'Elect the 2027 grants committee', votingType: 'approval', choices: ['Ana Ito', 'Ben Okafor', 'Chen Wei', 'Dara Novak'], maxPicks: 2, body: 'Approve up to two candidates. The two with the most power win seats.' },
  { title: 'Set the default voting period', votingType: 'single_choice', choices: ['3 days', '5 days', '7 days'], body: 'Ended: the DAO chose how long proposals stay open.', ended: true },
] as const

/**
 * Seeds the governance demo once, on top of `ensureDemo`'s space: lets members propose and every
 * voting type, gives anvil accounts #1-#5 different delegated power (transfers and `delegate` on
 * the demo ArborToken), and writes the proposals above. The ended proposal's votes are real
 * EIP-712 signatures by the dev accounts, written straight to `votes` (the intake refuses votes
 * after the end, as it should). A re-run finds the proposals and changes nothing.
 */
export async function seedGovernance(db: Db, clients: ChainClients, { log = () => {} }: { log?: (message: string) => void } = {}): Promise<{ created: boolean }> {
  const space = await db.space.findUnique({ where: { slug: demoSpace.slug }, include: { proposals: { select: { title: true, number: true } } } })
  if (!space) return { created: false }
  if (space.proposals.some((p) => p.title === demoGovernanceProposals[0].title)) return { created: false }
  const token = getAddress(space.tokenAddress)
  const { publicClient, walletClient } = clients
  const send = async (from: number, functionName: 'transfer' | 'delegate' | 'mint', args: readonly unknown[]) => {
    const hash = await walletClient.sendTransaction({
      account: privateKeyToAccount(devAccounts[from]!.privateKey),
      chain: walletClient.chain,
      to: token,
      data: encodeFunctionData({ abi: arborTokenAbi, functionName, args: args as never }),
    })
    const receipt = await publicClient.waitForTransactionReceipt({ hash, pollingInterval: 50 })
    if (receipt.status !== 'success') throw new Error(`demo seed: ${functionName} from account #${from} reverted`)
  }
  // deployDemoContracts gave #0-#4 10,000 each, self-delegated. Mint (the treasury, #0, keeps its
  // balance: the analyst's demo findings measure it) and move tokens so #1-#5 differ.
  await send(0, 'mint', [devAccounts[1].address, parseUnits('40000', 18)])
  await send(0, 'mint', [devAccounts[2].address, parseUnits('15000', 18)])
  await send(4, 'transfer', [devAccounts[8].address, parseUnits('6000', 18)])
  await send(0, 'mint', [devAccounts[5].address, parseUnits(demoVotingPower[5], 18)])
  await send(5, 'delegate', [devAccounts[5].address])
  await send(0, 'mint', [devAccounts[6].address, parseUnits(demoUndelegated[6], 18)])
  await publicClient.request({ method: 'evm_mine' } as never)
  // Uncached: viem caches the block number for its polling interval, and a block was just mined.
  const snapshotBlock = (await publicClient.getBlockNumber({ cacheTime: 0 })) - 1n
  const chainId = await publicClient.getChainId()

  const now = Date.now()
  let number = Math.max(0, ...space.proposals.map((p) => p.number))
  await db.$transaction(async (tx) => {
    await tx.space.update({
      where: { id: space.id },
      data: { proposers: 'members', proposalThreshold: parseUnits('5000', 18).toString(), votingTypes: ['basic', 'single_choice', 'approval', 'weighted', 'quadratic', 'ranked_choice'] },
    })
    for (const proposal of demoGovernanceProposals) {
      const ended = 'ended' in proposal && proposal.ended
      const created = await tx.proposal.create({
        data: {
          spaceId: space.id,
          number: ++number,
          title: proposal.title,
          body: proposal.body,
          author: devAccounts[1].address.toLowerCase(),
          choices: [...proposal.choices],
          votingType: proposal.votingType,
          maxPicks: 'maxPicks' in proposal ? proposal.maxPicks : null,
          snapshotBlock,
          startAt: new Date(now - (ended ? 8 : 1) * day),
          endAt: new Date(ended ? now - day : now + 5 * day),
          state: ended ? 'closed' : 'active',
        },
      })
      if (!ended) continue
      // #1 and #3 chose 7 days, #2 5 days, #4 3 days: signed for real, written as counted votes.
      for (const [account, choice] of [[1, 3], [2, 2], [3, 3], [4, 1]] as const) {
        const voter = devAccounts[account].address as Address
        const timestamp = BigInt(Math.floor((now - 2 * day) / 1000))
        const typed = getVoteTypedData({ chainId, token, proposal: created.id, voter, ballot: choice, timestamp })
        const power = await publicClient.readContract({ address: token, abi: arborTokenAbi, functionName: 'getPastVotes', args: [voter, snapshotBlock] })
        await tx.vote.create({
          data: { proposalId: created.id, voter: voter.toLowerCase(), choice, votingPower: power.toString(), timestamp: new Date(Number(timestamp) * 1000), messageId: hashTypedData(typed) },
        })
      }
    }
  })
  log(`governance demo: ${demoGovernanceProposals.length} proposals, accounts #1-#5 delegated ${Object.values(demoVotingPower).join(' / ')} ARB`)
  return { created: true }
}
