import { zeroHash, type Address, type Hex } from 'viem'
import { tally } from '../tally/tally'
import type { Ballot, TallyResult } from '../tally/types'
import { proposalTallyParameters, type ProposalTallyRules } from '../tally-proposal'
import { actionsHash as hashActions, Outcome, onChainProposalId, tallyHash as hashTally, type CountedVote, type ProposalAction } from './vote-leaf'
import { buildVotesTree, type VotesTree } from './votes-tree'

/** What a proposal's settlement depends on: its tally rules, its actions, its space's executor. */
export type SettlementInputs = ProposalTallyRules & {
  proposalId: string
  /** As stored in `proposals.actions`: `{ target, value (decimal wei), calldata }`. */
  actions: readonly { target: string; value: string | number | bigint; calldata: string }[]
  /** The space's ArborExecutor (lowercase 0x), or null. */
  executor: string | null
}

/** What `ArborSettlement.settleProposal` receives, and what it was computed from. */
export type ComputedSettlement = {
  proposalId: string
  onChainProposalId: Hex
  votesRoot: Hex
  tallyHash: Hex
  voteCount: number
  outcome: Outcome
  actionsHash: Hex
  /** The executor `actionsHash` binds (lowercase 0x), or null with outcome `None`. */
  executor: Address | null
  tally: TallyResult
  tree: VotesTree
  /** Milliseconds spent on the tally and on the tree. */
  timings: { tallyMs: number; treeMs: number }
}

/** `Outcome` by name, as `proposal_results.outcome` stores it. */
export const OUTCOME_NAMES = ['none', 'passed', 'failed'] as const
export type OutcomeName = (typeof OUTCOME_NAMES)[number]

/**
 * The actions a settled proposal binds, as `actionsHash` takes them, or undefined when its outcome is
 * `None`: only a basic proposal with actions in a space with an executor is executable.
 */
export function executableActions(inputs: Pick<SettlementInputs, 'votingType' | 'actions' | 'executor'>): { executor: Address; actions: ProposalAction[] } | undefined {
  if (inputs.votingType !== 'basic' || inputs.actions.length === 0 || !inputs.executor) return undefined
  return {
    executor: inputs.executor as Address,
    actions: inputs.actions.map((a) => ({ target: a.target as Address, value: BigInt(a.value), calldata: a.calldata as Hex })),
  }
}

/**
 * The settlement of a proposal from its counted votes, pure: the tally (`tally`, with the proposal's
 * rules), the votes tree (`buildVotesTree`), `tallyHash`, and the outcome with `actionsHash`:
 * `Passed`/`Failed` (`tally.passed`) and `actionsHash(executor, actions)` for a basic proposal with
 * actions whose space has an executor; otherwise `None` and 0x0. With no votes the root is
 * `EMPTY_VOTES_ROOT`, the count 0, and a basic proposal with actions `Failed` (no quorum, For ≯ Against).
 */
export function computeSettlement(inputs: SettlementInputs, votes: readonly CountedVote[]): ComputedSettlement {
  const started = performance.now()
  const ballots: Ballot[] = votes.map((vote) => ({ voter: vote.voter, power: vote.votingPower, choice: vote.choice }))
  const result = tally(proposalTallyParameters(inputs, ballots))
  const tallied = performance.now()
  const tree = buildVotesTree(votes)
  const built = performance.now()
  const executable = executableActions(inputs)
  const outcome = executable === undefined ? Outcome.None : result.passed ? Outcome.Passed : Outcome.Failed
  return {
    proposalId: inputs.proposalId,
    onChainProposalId: onChainProposalId(inputs.proposalId),
    votesRoot: tree.root,
    tallyHash: hashTally(result),
    voteCount: votes.length,
    outcome,
    actionsHash: executable === undefined ? zeroHash : hashActions(executable.executor, executable.actions),
    executor: executable?.executor ?? null,
    tally: result,
    tree,
    timings: { tallyMs: tallied - started, treeMs: built - tallied },
  }
}

/** A tally result as JSON: bigints as decimal strings (what `proposal_results.tally` and the export hold). */
export function tallyToJson(result: TallyResult): unknown {
  return JSON.parse(JSON.stringify(result, (_, value) => (typeof value === 'bigint' ? value.toString() : value)))
}
