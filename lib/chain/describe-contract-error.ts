import { BaseError as ViemBaseError, ContractFunctionRevertedError, UserRejectedRequestError } from 'viem'

type RevertArgs = readonly unknown[]

/** A uint64 of seconds as "2027-01-15 08:00 UTC". */
function when(seconds: unknown): string {
  return typeof seconds === 'bigint' ? `${new Date(Number(seconds) * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC` : 'the set time'
}

/**
 * One sentence per custom error of Arbor's contracts, as a recipient, voter or admin should read it.
 * Add a contract's new errors here (and nowhere else).
 */
export const contractErrorMessages: Record<string, (args: RevertArgs) => string> = {
  AlreadyClaimed: () => 'This allocation has already been claimed.',
  ClaimsNotStarted: ([start]) => `Claims open at ${when(start)}; it is too early.`,
  ClaimsEnded: ([end]) => `Claims closed at ${when(end)}.`,
  InvalidProof: () => 'The proof does not match this campaign’s Merkle root: the address or amount is not in the allocation list.',
  SignatureExpired: ([deadline]) => `The signed claim expired at ${when(deadline)}; sign it again.`,
  InvalidSignature: () => 'The signature does not match the account.',
  EmptyBatch: () => 'The batch is empty.',
  DelegationFailed: () => 'The tokens were claimed, but delegating the votes failed, so nothing was done.',
  NotOwner: () => 'Only the campaign’s owner can do this.',
  ClawbackBeforeEnd: ([end]) => `Unclaimed tokens can be taken back only after the campaign ends (${when(end)}).`,
  ZeroAddress: () => 'An address is missing (the zero address is not allowed).',
  DistributorExists: () => 'A distributor for this campaign already exists.',
  EmptyRoot: () => 'The Merkle root is empty.',
  EmptyContentHash: () => 'The dataset’s content hash is missing: build the allocation list first.',
  InvalidTimeWindow: () => 'The campaign must end after it starts.',
  CheckpointNotFound: () => 'No such checkpoint has been posted.',
  CheckpointOutOfOrder: () => 'Checkpoints must be posted in order.',
  ProposalAlreadySettled: () => 'This proposal has already been settled.',
  ProposalNotSettled: () => 'This proposal has not been settled yet.',
  OutcomeActionsMismatch: () => 'A settled outcome and its actions hash disagree: only a proposal with actions passes or fails.',
  // ArborExecutor: running a passed proposal through the DAO's timelock.
  ProposalNotPassed: ([, outcome]) =>
    outcome === 2 ? 'This proposal did not pass: its actions cannot run.' : 'This proposal has no executable outcome: nothing can run.',
  ActionsMismatch: () => 'These are not the actions the proposal passed with (for this DAO’s executor): only those can run.',
  InvalidActions: () => 'The actions are empty or their targets, values and calldata differ in length.',
  ProposalAlreadyQueued: () => 'This proposal is already queued on the timelock.',
  ProposalNotQueued: () => 'This proposal has not been queued yet: queue it first.',
  ProposalNotReady: ([, readyAt]) => `The veto window is still open: the proposal can be executed from ${when(readyAt)}.`,
  ProposalAlreadyExecuted: () => 'This proposal has already been executed.',
  ProposalVetoed: () => 'The guardian vetoed this proposal during its veto window: it can never run.',
  // OpenZeppelin's errors a person can meet through Arbor's pages.
  ERC20InsufficientBalance: () => 'The wallet does not hold enough tokens.',
  ERC20InsufficientAllowance: () => 'The token allowance is too low: approve the amount first.',
  AccessControlUnauthorizedAccount: () => 'This account does not hold the role this needs (only the guardian can veto).',
  TimelockUnexpectedOperationState: () => 'The timelock operation is not in a state that allows this (already executed, cancelled or not queued).',
}

/**
 * Why a wallet or contract call failed, in one sentence for the person who tried:
 * - a rejection in the wallet (EIP-1193 code 4001) → "You declined in your wallet." (not a failure);
 * - a revert → its custom error's name (viem's `ContractFunctionRevertedError.data.errorName`, found
 *   by walking the cause chain) looked up in `contractErrorMessages`;
 * - anything else → viem's `shortMessage`, or the error's message.
 * Browser-safe.
 */
export function describeContractError(error: unknown): string {
  if (error instanceof ViemBaseError) {
    if (error.walk((e) => e instanceof UserRejectedRequestError)) return 'You declined in your wallet.'
    const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError)
    if (reverted instanceof ContractFunctionRevertedError) {
      const name = reverted.data?.errorName
      const describe = name ? contractErrorMessages[name] : undefined
      if (describe) return describe(reverted.data?.args ?? [])
      if (reverted.reason) return `The contract refused: ${reverted.reason}.`
    }
    return error.shortMessage
  }
  const code = (error as { code?: unknown } | null)?.code
  if (code === 4001) return 'You declined in your wallet.'
  return error instanceof Error ? error.message : String(error)
}
