import { formatUnits } from 'viem'
import { formatTokenAmount } from '@/lib/format/format-token-amount'

/** A token amount in token units with its symbol; the exact value in `title`. `value` in base units (wei for 18 decimals). */
export function TokenAmount({ value, decimals, symbol }: { value: bigint | string; decimals: number; symbol?: string }) {
  const amount = BigInt(value)
  return (
    <span className="token-amount" title={`${formatUnits(amount, decimals)}${symbol ? ` ${symbol}` : ''}`}>
      {formatTokenAmount(amount, decimals, symbol)}
    </span>
  )
}
