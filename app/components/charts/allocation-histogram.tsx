'use client'

import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts'
import { ChartFrame } from './chart-frame'

export type AllocationHistogramProps = {
  /** Recipients per order of magnitude of the amount in base units. */
  buckets: { exponent: number; recipients: number }[]
  decimals: number
  symbol: string
}

/** Axis counts that fit its 48 px: 750K, 1M. */
const compact = new Intl.NumberFormat('en-US', { notation: 'compact' })

/** How many recipients get how much: one bar per power of ten, labelled in token units. */
export function AllocationHistogram({ buckets, decimals, symbol }: AllocationHistogramProps) {
  const data = buckets.map(({ exponent, recipients }) => ({ range: rangeLabel(exponent, decimals), recipients }))
  return (
    <ChartFrame
      title="Allocation sizes"
      height={220}
      caption={`Recipients by allocation size (${symbol}); each bar is a power of ten.`}
      table={{ columns: [`Allocation (${symbol})`, 'Recipients'], rows: data.map((d) => [d.range, d.recipients]) }}
    >
      <BarChart data={data} accessibilityLayer margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="range" tick={{ fontSize: 12 }} />
        <YAxis allowDecimals={false} width={48} tick={{ fontSize: 12 }} tickFormatter={(count: number) => compact.format(count)} />
        <Tooltip />
        {/* no animation: the admin reads exact counts, and a screenshot shows what the page settles on */}
        <Bar dataKey="recipients" name="Recipients" fill="var(--chart-1)" isAnimationActive={false} />
      </BarChart>
    </ChartFrame>
  )
}

/** `[10^e, 10^(e+1))` base units in token units, e.g. "1–10" or "0.01–0.1". */
function rangeLabel(exponent: number, decimals: number): string {
  const power = (e: number) => {
    const shifted = e - decimals
    if (shifted >= 0) return shifted >= 6 ? `1e${shifted}` : `1${'0'.repeat(shifted)}`
    return shifted <= -7 ? `1e${shifted}` : `0.${'0'.repeat(-shifted - 1)}1`
  }
  return `${power(exponent)}–${power(exponent + 1)}`
}
