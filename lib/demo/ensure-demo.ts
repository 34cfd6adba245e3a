import { encodeFunctionData, getAddress, parseUnits, type Address } from 'viem'
import type { ChainClients } from '@/lib/chain/clients'
import { arborTokenAbi } from '@/lib/chain/contracts'
import { deployDemoContracts } from '@/lib/chain/deploy-demo'
import { devAccounts } from '@/lib/chain/dev-accounts'
import type { Db } from '@/lib/db'
import { demoProposals, demoSpace } from './content'

export type EnsureDemoReturnType = { created: boolean; token: Address }

// Outside the dev accounts on purpose: the second proposal pays an address nobody knows.
const unknownRecipient = getAddress('0x000000000000000000000000000000000000dEaD')
const hour = 60 * 60 * 1000

/**
 * Seeds the demo once: deploys the contracts and writes the demo space and its proposals. A
 * re-run finds them and changes nothing, unless the chain lost the token (a reset node), in which
 * case the demo is seeded again against the new deployment.
 */
export async function ensureDemo(db: Db, clients: ChainClients): Promise<EnsureDemoReturnType> {
  const existing = await db.space.findUnique({ where: { slug: demoSpace.slug } })
  if (existing) {
    const code = await clients.publicClient.getCode({ address: existing.tokenAddress as Address })
    if (code && code !== '0x') return { created: false, token: existing.tokenAddress as Address }
    await db.space.delete({ where: { id: existing.id } })
  }

  const [deployer, proposer, , , , grants] = devAccounts
  const { token, blockNumber } = await deployDemoContracts(clients, { holder: deployer.address })
  const transfer = (to: Address, amount: string) =>
    encodeFunctionData({ abi: arborTokenAbi, functionName: 'transfer', args: [to, parseUnits(amount, 18)] })
  const actions = [
    [{ target: token, value: '0', calldata: transfer(grants.address, '50000'), signature: 'transfer(address,uint256)' }],
    [{ target: token, value: '0', calldata: transfer(unknownRecipient, '900000'), signature: 'transfer(address,uint256)' }],
  ]
  const now = Date.now()
  const windows = [
    { startAt: new Date(now - hour), endAt: new Date(now + demoSpace.votingPeriodSeconds * 1000) },
    { startAt: new Date(now - hour), endAt: new Date(now + 2 * hour) },
  ]

  await db.space.create({
    data: {
      slug: demoSpace.slug,
      name: demoSpace.name,
      about: demoSpace.about,
      chainId: await clients.publicClient.getChainId(),
      tokenAddress: token.toLowerCase(),
      votingDelay: demoSpace.votingDelaySeconds,
      votingPeriod: demoSpace.votingPeriodSeconds,
      quorum: demoSpace.quorum,
      proposals: {
        create: demoProposals.map((proposal, i) => ({
          number: i + 1,
          title: proposal.title,
          body: proposal.body,
          author: (i === 0 ? proposer.address : unknownRecipient).toLowerCase(),
          choices: [...proposal.choices],
          snapshotBlock: blockNumber,
          state: 'active' as const,
          actions: actions[i]!,
          ...windows[i]!,
        })),
      },
    },
  })
  return { created: true, token }
}
