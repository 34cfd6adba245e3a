import { getAddress, type Address } from 'viem'
import { decodeActions } from '@/lib/analysis/decode-actions'
import type { DecodedAction } from '@/lib/analysis/schema'
import { devAccounts } from '@/lib/chain/dev-accounts'
import { formatTokenAmount } from '@/lib/format/format-token-amount'
import type { ProposalAnalysis, ProposalDetail } from './get-proposal-or-throw'

export type DescribeProposalActionsReturnType = {
  /** The analyst's decoding: one plain line each ("Transfer 50,000 ARB from the executor to …"). */
  actions: DecodedAction[]
  /** Lowercase address -> name, for every address the page can name. */
  names: Record<string, string>
  /** The stored analysis with its evidence in people's units: amounts of the space token and wei in tokens, addresses checksummed. */
  analysis: ProposalAnalysis | null
}

/**
 * What a proposal's actions do, in words, from the analyst's decoder (pure, no chain), with the
 * space token named so amounts read "50,000 ARB", not wei.
 */
export function describeProposalActions(proposal: ProposalDetail, token: { address: Address; symbol: string; decimals: number }): DescribeProposalActionsReturnType {
  const names: Record<string, string> = { [token.address.toLowerCase()]: `${proposal.space.name} token (${token.symbol})` }
  if (proposal.space.chainId === 31337) names[devAccounts[5].address.toLowerCase()] = 'Grants committee multisig'
  const actions = decodeActions({
    actions: proposal.actions.map((action) => ({ ...action, target: getAddress(action.target), value: action.value ?? '0' })),
    proposer: proposal.author,
    context: {
      treasury: [{ token: token.address, symbol: token.symbol, decimals: token.decimals, balance: '0' }],
      knownContracts: Object.fromEntries(Object.entries(names).map(([address, name]) => [getAddress(address), name])),
    },
  })
  const humanize = (evidence: string) =>
    evidence
      .replace(/\b(\d{7,}) of (0x[0-9a-fA-F]{40})\b/g, (match, amount: string, address: string) =>
        address.toLowerCase() === token.address.toLowerCase() ? formatTokenAmount(BigInt(amount), token.decimals, token.symbol) : match,
      )
      .replace(/\b(\d{7,}) wei\b/g, (_, amount: string) => formatTokenAmount(BigInt(amount), 18, 'ETH'))
      .replace(/\b0x[0-9a-fA-F]{40}\b/g, (address) => names[address.toLowerCase()] ?? getAddress(address))
  const analysis = proposal.analysis && { ...proposal.analysis, findings: proposal.analysis.findings.map((finding) => ({ ...finding, evidence: humanize(finding.evidence) })) }
  return { actions, names, analysis }
}
