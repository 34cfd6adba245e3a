/**
 * Values that cannot exist on-chain are refused with the field named: the analyst's schema, and
 * the 422 the admin analyze route answers with (it maps `InvalidProposalError` through `errorResponse`).
 */
import { describe, expect, it } from 'vitest'
import { analyzeProposal, InvalidProposalError } from '@/lib/analysis'
import { maxUint256, uint256String } from '@/lib/analysis/schema'
import { errorResponse } from '@/lib/http/error-response'

const dead = '0x000000000000000000000000000000000000dEaD'
const base = { title: 't', body: 'b', actions: [] as unknown[] }

async function refusal(proposal: unknown): Promise<{ status: number; field: unknown; message: string }> {
  const error = await analyzeProposal(proposal, { provider: 'offline' }).then(
    () => undefined,
    (caught: unknown) => caught,
  )
  expect(error).toBeInstanceOf(InvalidProposalError)
  const response = errorResponse(error)
  const body = (await response.json()) as { error: { message: string; details: { field: string } } }
  return { status: response.status, field: body.error.details.field, message: body.error.message }
}

describe('values that cannot exist on-chain', () => {
  it('uint256String: 2^256 − 1 passes, 2^256 and 100 nines do not', () => {
    expect(uint256String.safeParse(maxUint256.toString()).success).toBe(true)
    expect(uint256String.safeParse((maxUint256 + 1n).toString()).success).toBe(false)
    expect(uint256String.safeParse('9'.repeat(100)).success).toBe(false)
    expect(uint256String.safeParse('0').success).toBe(true)
  })

  it('an action value of 100 nines: 422 naming actions.N.value', async () => {
    const proposal = { ...base, actions: [{ target: dead, value: '0', calldata: '0x' }, { target: dead, value: '9'.repeat(100), calldata: '0x' }] }
    expect(await refusal(proposal)).toMatchObject({ status: 422, field: 'actions.1.value', message: expect.stringContaining('actions.1.value') })
  })

  it('every numeric field: treasury balance, durations, chain id', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ context: { treasury: [{ token: dead, balance: (maxUint256 + 1n).toString() }] } }, 'context.treasury.0.balance'],
      [{ votingPeriodSeconds: 1e300 }, 'votingPeriodSeconds'],
      [{ votingDelaySeconds: 2 ** 48 }, 'votingDelaySeconds'],
      [{ timelockSeconds: 1.5 }, 'timelockSeconds'],
      [{ context: { proposerVotingPowerAcquiredSecondsAgo: -1 } }, 'context.proposerVotingPowerAcquiredSecondsAgo'],
      [{ chainId: 2 ** 60 }, 'chainId'],
      [{ context: { treasury: [{ token: dead, balance: '1', decimals: 77 }] } }, 'context.treasury.0.decimals'],
    ]
    for (const [extra, field] of cases) expect(await refusal({ ...base, ...extra })).toMatchObject({ status: 422, field })
  })

  it('the largest real values still pass', async () => {
    const analysis = await analyzeProposal(
      { ...base, chainId: 1, votingPeriodSeconds: 2 ** 48 - 1, actions: [{ target: dead, value: maxUint256.toString(), calldata: '0x' }], context: { treasury: [{ token: dead, balance: maxUint256.toString() }] } },
      { provider: 'offline' },
    )
    expect(analysis.actions[0]!.value).toBe(maxUint256.toString())
  })
})
