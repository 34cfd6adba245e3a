import { erc20Abi, getAddress, type Address, type PublicClient } from 'viem'
import { readTokenInfo } from '@/lib/chain/read-token'
import { analyzeProposal, type AnalyzeProposalOptions, type AnalyzeProposalReturnType } from '@/lib/analysis'
import type { Db } from '@/lib/db'
import type { ProposalAction } from './get-proposal-or-throw'

export type AnalyzeStoredProposalParameters = {
  proposalId: string
  /** The account that would execute the actions (the DAO's treasury or timelock). */
  executor?: Address
  /** Reads the treasury's token balances for context; with `rpcUrl`, the actions are also simulated on a fork. */
  publicClient?: PublicClient
  rpcUrl?: string
  /** Addresses the DAO knows, with a name (its multisigs, contracts); the space's token is always known. */
  knownAddresses?: Record<Address, string>
} & Pick<AnalyzeProposalOptions, 'provider' | 'openai' | 'log'>

/**
 * Runs the analyst over a proposal as stored (text, actions, voting window, the space's token as
 * treasury context) and saves the result as the proposal's latest analysis.
 */
export async function analyzeStoredProposal(
  db: Db,
  { proposalId, executor, publicClient, rpcUrl, knownAddresses = {}, ...options }: AnalyzeStoredProposalParameters,
): Promise<AnalyzeProposalReturnType> {
  const proposal = await db.proposal.findUniqueOrThrow({ where: { id: proposalId }, include: { space: true } })
  const token = getAddress(proposal.space.tokenAddress)
  const treasury =
    executor && publicClient
      ? await Promise.all([
          readTokenInfo(publicClient, token),
          publicClient.readContract({ address: token, abi: erc20Abi, functionName: 'balanceOf', args: [executor] }),
        ]).then(([info, balance]) => [{ token, symbol: info.symbol, decimals: info.decimals, balance: balance.toString() }])
      : undefined

  const analysis = await analyzeProposal(
    {
      title: proposal.title,
      body: proposal.body,
      proposer: getAddress(proposal.author),
      executor,
      chainId: proposal.space.chainId,
      actions: (proposal.actions as ProposalAction[]).map(({ target, value, calldata, signature }) => ({
        target,
        value,
        calldata,
        ...(signature ? { signature } : {}),
      })),
      votingDelaySeconds: proposal.space.votingDelay,
      votingPeriodSeconds: Math.round((proposal.endAt.getTime() - proposal.startAt.getTime()) / 1000),
      context: {
        ...(treasury ? { treasury } : {}),
        knownContracts: { ...knownAddresses, [token]: `${proposal.space.name} token` },
      },
    },
    { ...options, rpcUrl },
  )

  await db.analysis.create({
    data: {
      proposalId,
      provider: analysis.provider,
      model: analysis.model ?? null,
      riskScore: analysis.riskScore,
      level: analysis.level,
      summary: analysis.summary,
      findings: analysis.findings,
    },
  })
  return analysis
}
