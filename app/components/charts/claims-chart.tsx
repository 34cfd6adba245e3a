'use client'

import { formatUnits } from 'viem'
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts'
import { formatDateTime } from '@/lib/format/format-date-time'
import { ChartFrame } from './chart-frame'

export type ClaimsChartProps = {
  /** Cumulative claims and amount (base units) at each block with claims; `time` in unix seconds. */
  points: { time: number; claims: number; amount: string }[]
  decimals: number
  symbol: string
}

/** Claimed count and amount over time, from the chain's `Claimed` events. */
export function ClaimsChart({ points, decimals, symbol }: ClaimsChartProps) {
  const data = points.map((p) => ({
    time: formatDateTime(new Date(p.time * 1000)),
    claims: p.claims,
    // a chart axis only: the exact figures are in the table and on the page
    amount: Number(formatUnits(BigInt(p.amount), decimals)),
  }))
  return (
    <ChartFrame
      title="Claims over time"
      height={240}
      caption={`Claims (count, left axis) and ${symbol} claimed (right axis), cumulative, from the chain.`}
      table={{
        columns: ['Time', 'Claims', `Claimed (${symbol})`],
        rows: points.map((p, i) => [data[i]!.time, p.claims, formatUnits(BigInt(p.amount), decimals)]),
      }}
    >
      <LineChart data={data} accessibilityLayer margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="time" tick={{ fontSize: 11 }} />
        <YAxis yAxisId="claims" allowDecimals={false} width={40} tick={{ fontSize: 12 }} />
        <YAxis yAxisId="amount" orientation="right" width={56} tick={{ fontSize: 12 }} />
        <Tooltip />
        <Line yAxisId="claims" type="stepAfter" dataKey="claims" name="Claims" stroke="var(--chart-1)" dot={false} />
        <Line yAxisId="amount" type="stepAfter" dataKey="amount" name={`Claimed (${symbol})`} stroke="var(--chart-2)" dot={false} />
      </LineChart>
    </ChartFrame>
  )
}
