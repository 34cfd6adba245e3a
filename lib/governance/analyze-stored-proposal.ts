import { erc20Abi, getAddress, type Address, type PublicClient } from 'viem'
import { readTokenInfo } from '@/lib/chain/read-token'
import { ANALYST_VERSION, analyzeProposal, hashProposalContent, parseProposal, type AnalyzeProposalOptions } from '@/lib/analysis'
import type { Db } from '@/lib/db'
import type { ProposalAction } from './get-proposal-or-throw'

export type AnalyzeStoredProposalParameters = {
  proposalId: string
  /** The account that would execute the actions (the DAO's treasury or timelock). */
  executor?: Address
  /** The executor's timelock delay (seconds), when the actions wait in one before they run. */
  timelockSeconds?: number
  /** Reads the treasury's token balances for context; with `rpcUrl`, the actions are also simulated on a fork. */
  publicClient?: PublicClient
  rpcUrl?: string
  /** Addresses the DAO knows, with a name (its multisigs, contracts); the space's token is always known. */
  knownAddresses?: Record<Address, string>
  /** Analyze again even when the latest analysis is of the same content by the same analyst version. */
  force?: boolean
} & Pick<AnalyzeProposalOptions, 'provider' | 'openai' | 'log'>

export type AnalyzeStoredProposalReturnType = {
  /** True when an analysis of this exact content by this analyst version was already stored. */
  cached: boolean
  contentHash: `0x${string}`
  riskScore: number
  level: string
}

/**
 * Runs the analyst over a proposal as stored (text, actions, voting window, the space's token as
 * treasury context) and saves the result as the proposal's latest analysis. Analyses are cached
 * by a hash of that content and the analyst version: unchanged content is not analyzed twice.
 */
export async function analyzeStoredProposal(
  db: Db,
  { proposalId, executor, timelockSeconds, publicClient, rpcUrl, knownAddresses = {}, force = false, ...options }: AnalyzeStoredProposalParameters,
): Promise<AnalyzeStoredProposalReturnType> {
  const proposal = await db.proposal.findUniqueOrThrow({ where: { id: proposalId }, include: { space: true } })
  const token = getAddress(proposal.space.tokenAddress)
  const treasury =
    executor && publicClient
      ? await Promise.all([
          readTokenInfo(publicClient, token),
          publicClient.readContract({ address: token, abi: erc20Abi, functionName: 'balanceOf', args: [executor] }),
        ]).then(([info, balance]) => [{ token, symbol: info.symbol, decimals: info.decimals, balance: balance.toString() }])
      : undefined

  const input = parseProposal({
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
    ...(timelockSeconds !== undefined ? { timelockSeconds } : {}),
    context: {
      ...(treasury ? { treasury } : {}),
      knownContracts: { ...knownAddresses, [token]: `${proposal.space.name} token` },
    },
  })
  const contentHash = hashProposalContent(input)
  if (!force) {
    const cached = await db.analysis.findFirst({ where: { proposalId, contentHash }, orderBy: { createdAt: 'desc' } })
    if (cached) return { cached: true, contentHash, riskScore: cached.riskScore, level: cached.level }
  }

  const analysis = await analyzeProposal(input, { ...options, rpcUrl })

  await db.analysis.create({
    data: {
      proposalId,
      provider: analysis.provider,
      model: analysis.model ?? null,
      riskScore: analysis.riskScore,
      level: analysis.level,
      summary: analysis.summary,
      findings: analysis.findings,
      contentHash,
      analystVersion: ANALYST_VERSION,
    },
  })
  return { cached: false, contentHash, riskScore: analysis.riskScore, level: analysis.level }
}
