'use client'

import { useRouter } from 'next/navigation'
import type { Address } from 'viem'
import { TxStatus } from '@/app/components/tx/tx-status'
import { useTxFlow } from '@/app/components/tx/use-tx-flow'
import { RequireWallet } from '@/app/components/wallet/require-wallet'
import { arborDistributorAbi } from '@/lib/chain/contracts'

/** After the end, the owner's wallet returns what is unclaimed to itself (`clawback(owner)`). */
export function Clawback({ distributor, owner }: { distributor: Address; owner: Address }) {
  const router = useRouter()
  const { state, run } = useTxFlow()
  return (
    <div>
      <RequireWallet action="claw back">
        <button
          type="button"
          disabled={state.status === 'confirm-in-wallet' || state.status === 'pending'}
          onClick={async () => {
            if (await run({ address: distributor, abi: arborDistributorAbi, functionName: 'clawback', args: [owner] })) router.refresh()
          }}
        >
          Claw back the unclaimed tokens
        </button>
      </RequireWallet>
      <TxStatus state={state} label="Claw back" />
    </div>
  )
}
