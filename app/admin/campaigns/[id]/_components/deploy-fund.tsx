'use client'

import { useRouter } from 'next/navigation'
import { useState } from 'react'
import { erc20Abi, type Address, type Hash, type Hex } from 'viem'
import { TxStatus } from '@/app/components/tx/tx-status'
import { useTxFlow } from '@/app/components/tx/use-tx-flow'
import { RequireWallet } from '@/app/components/wallet/require-wallet'
import { arborDistributorFactoryAbi } from '@/lib/chain/contracts'
import { formatTokenAmount } from '@/lib/format/format-token-amount'

export type DeployFundProps = {
  campaignId: string
  factory: Address | null
  /** `createDistributor(campaign, salt)` arguments; times in unix seconds as decimal strings. */
  args: { token: Address; merkleRoot: Hex; startTime: string; endTime: string; owner: Address; contentHash: Hex; salt: Hex }
  /** Base units, decimal string. */
  total: string
  decimals: number
  symbol: string
  distributor: Address | null
  /** What the distributor still lacks, base units (from the chain, at render). */
  shortfall: string | null
}

type Confirmation = { status: string; distributorAddress: Address | null; balance: string; shortfall: string }

/**
 * Deploy and fund from the admin's wallet: create the distributor through the factory, then
 * transfer the total to it. After each confirmed transaction the server checks the chain itself;
 * the campaign goes live when it sees the distributor funded.
 */
export function DeployFund({ campaignId, factory, args, total, decimals, symbol, distributor: deployed, shortfall: initialShortfall }: DeployFundProps) {
  const router = useRouter()
  const deploy = useTxFlow()
  const fund = useTxFlow()
  const [distributor, setDistributor] = useState<Address | null>(deployed)
  const [shortfall, setShortfall] = useState<string | null>(initialShortfall)
  const [problem, setProblem] = useState<string>()

  async function confirm(body: { deployTxHash?: Hash; fundTxHash?: Hash }): Promise<Confirmation | undefined> {
    const response = await fetch(`/api/admin/campaigns/${campaignId}/deployment`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
    const result = await response.json()
    if (!response.ok) {
      setProblem(result.error?.message ?? 'The chain check failed.')
      return undefined
    }
    setProblem(undefined)
    setDistributor(result.distributorAddress)
    setShortfall(result.shortfall)
    if (result.status === 'active') router.refresh()
    return result
  }

  async function runDeploy() {
    if (!factory) return
    const { salt, startTime, endTime, ...rest } = args
    const campaign = { ...rest, startTime: BigInt(startTime), endTime: BigInt(endTime) }
    const receipt = await deploy.run({ address: factory, abi: arborDistributorFactoryAbi, functionName: 'createDistributor', args: [campaign, salt] })
    if (receipt) await confirm({ deployTxHash: receipt.transactionHash })
  }

  async function runFund() {
    if (!distributor) return
    const amount = BigInt(shortfall ?? total)
    const receipt = await fund.run({ address: args.token, abi: erc20Abi, functionName: 'transfer', args: [distributor, amount] })
    if (receipt) await confirm({ fundTxHash: receipt.transactionHash })
  }

  const toSend = BigInt(shortfall ?? total)
  return (
    <section className="card" aria-labelledby="deploy-title">
      <h2 id="deploy-title">Deploy and fund</h2>
      {!factory && <p className="error">No distributor factory is known on this chain: deploy the contracts first.</p>}
      <ol className="deploy-steps">
        <li>
          <h3>Create the distributor</h3>
          {distributor ? (
            <p>
              Deployed at <span className="mono">{distributor}</span>.
            </p>
          ) : (
            <RequireWallet action="deploy">
              <button type="button" className="primary" disabled={!factory || deploy.state.status === 'confirm-in-wallet' || deploy.state.status === 'pending'} onClick={() => void runDeploy()}>
                Create the distributor
              </button>
            </RequireWallet>
          )}
          <TxStatus state={deploy.state} label="Create the distributor" />
        </li>
        <li>
          <h3>Fund it</h3>
          {distributor && toSend === 0n ? (
            <p>Funded: the distributor holds every unclaimed allocation.</p>
          ) : (
            <RequireWallet action="fund">
              <button type="button" className="primary" disabled={!distributor || fund.state.status === 'confirm-in-wallet' || fund.state.status === 'pending'} onClick={() => void runFund()}>
                Transfer {formatTokenAmount(toSend, decimals, symbol)}
              </button>
            </RequireWallet>
          )}
          <TxStatus state={fund.state} label="Transfer the total" />
        </li>
      </ol>
      {distributor && (
        <button type="button" onClick={() => void confirm({})}>
          Check the chain again
        </button>
      )}
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
    </section>
  )
}
