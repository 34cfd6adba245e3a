'use client'

import { Bar, BarChart, CartesianGrid, Cell, XAxis, YAxis } from 'recharts'
import { ChartFrame, type ChartTable } from './chart-frame'

export type ResultsChartBar = { label: string; value: number; text: string; winner?: boolean }

/**
 * A proposal's results as horizontal bars, one per choice, labelled with the formatted number the
 * page and the CSV show; the hidden table carries the same strings.
 */
export function ResultsChart({ title, bars, table, caption }: { title: string; bars: ResultsChartBar[]; table: ChartTable; caption?: string }) {
  const height = Math.max(120, bars.length * 44 + 40)
  return (
    <ChartFrame title={title} height={height} table={table} caption={caption}>
      <BarChart data={bars} layout="vertical" margin={{ top: 4, right: 16, bottom: 4, left: 4 }} accessibilityLayer>
        <CartesianGrid horizontal={false} stroke="var(--chart-grid)" />
        <XAxis type="number" hide domain={[0, 'dataMax']} />
        <YAxis type="category" dataKey="label" width={96} tick={{ fill: 'var(--ink)', fontSize: 13 }} interval={0} />
        <Bar dataKey="value" isAnimationActive={false} radius={[0, 4, 4, 0]}>
          {bars.map((bar, i) => (
            <Cell key={i} fill={bar.winner ? 'var(--chart-1)' : 'var(--chart-2)'} />
          ))}
        </Bar>
      </BarChart>
    </ChartFrame>
  )
}
