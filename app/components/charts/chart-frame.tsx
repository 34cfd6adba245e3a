'use client'

import { useId, type ReactElement } from 'react'
import { ResponsiveContainer } from 'recharts'

export type ChartTable = {
  columns: string[]
  /** The same numbers the chart draws, already formatted as people read them. */
  rows: (string | number)[][]
}

export type ChartFrameProps = {
  title: string
  /** Pixels; the width follows the container. */
  height?: number
  /** Rendered visually hidden under the chart, so screen readers (and tests) read the numbers. */
  table: ChartTable
  /** One recharts chart (`BarChart`, `LineChart`…); colours from `var(--chart-N)`. */
  children: ReactElement
  /** Words under the chart: a legend or what the numbers mean. */
  caption?: string
}

/**
 * The frame of every chart: a titled figure of fixed height, the chart with recharts' keyboard
 * accessibility layer, and a visually hidden table of the same numbers. recharts is imported only
 * under `app/components/charts/`.
 */
export function ChartFrame({ title, height = 260, table, children, caption }: ChartFrameProps) {
  const id = useId()
  return (
    <figure className="chart" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`} className="chart-title">
        {title}
      </figcaption>
      <div className="chart-body" style={{ height }}>
        <ResponsiveContainer width="100%" height="100%">
          {children}
        </ResponsiveContainer>
      </div>
      {caption && <p className="hint">{caption}</p>}
      {/* hidden in a div: a table grows to its content whatever its width, so hiding the table itself let it widen a phone page */}
      <div className="visually-hidden">
        <table>
          <caption>{title}</caption>
          <thead>
            <tr>
              {table.columns.map((column) => (
                <th key={column} scope="col">
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row, i) => (
              <tr key={i}>
                {row.map((cell, j) => (j === 0 ? <th key={j} scope="row">{cell}</th> : <td key={j}>{cell}</td>))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  )
}
