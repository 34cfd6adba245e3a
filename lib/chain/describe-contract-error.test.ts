import { describe, expect, it } from 'vitest'
import { ContractFunctionExecutionError, ContractFunctionRevertedError, encodeErrorResult, UserRejectedRequestError } from 'viem'
import { iArborDistributorAbi, iArborExecutorAbi } from './contracts'
import { describeContractError } from './describe-contract-error'

function reverted(errorName: string, args: readonly unknown[]) {
  const data = encodeErrorResult({ abi: iArborDistributorAbi, errorName, args } as never)
  const cause = new ContractFunctionRevertedError({ abi: iArborDistributorAbi, data, functionName: 'claim' })
  return new ContractFunctionExecutionError(cause, { abi: iArborDistributorAbi, functionName: 'claim', args: [] })
}

describe('describeContractError', () => {
  it('names a custom error in words', () => {
    expect(describeContractError(reverted('AlreadyClaimed', [3n]))).toBe('This allocation has already been claimed.')
    expect(describeContractError(reverted('ClaimsEnded', [1_800_000_000n]))).toBe('Claims closed at 2027-01-15 08:00 UTC.')
  })
  it('says why a proposal cannot be queued or executed', () => {
    const executorRevert = (errorName: string, args: readonly unknown[]) => {
      const data = encodeErrorResult({ abi: iArborExecutorAbi, errorName, args } as never)
      const cause = new ContractFunctionRevertedError({ abi: iArborExecutorAbi, data, functionName: 'execute' })
      return new ContractFunctionExecutionError(cause, { abi: iArborExecutorAbi, functionName: 'execute', args: [] })
    }
    const id = `0x${'11'.repeat(32)}`
    expect(describeContractError(executorRevert('ProposalNotReady', [id, 1_800_000_000n]))).toBe('The veto window is still open: the proposal can be executed from 2027-01-15 08:00 UTC.')
    expect(describeContractError(executorRevert('ProposalNotPassed', [id, 2]))).toBe('This proposal did not pass: its actions cannot run.')
    expect(describeContractError(executorRevert('ProposalVetoed', [id]))).toBe('The guardian vetoed this proposal during its veto window: it can never run.')
  })
  it('treats a rejection in the wallet as a decision, not a failure', () => {
    expect(describeContractError(new UserRejectedRequestError(new Error('User rejected')))).toBe('You declined in your wallet.')
    expect(describeContractError(Object.assign(new Error('rejected'), { code: 4001 }))).toBe('You declined in your wallet.')
  })
  it('falls back to the message of anything else', () => {
    expect(describeContractError(new Error('network down'))).toBe('network down')
  })
})
