'use client'

import { formatPercent } from '@/lib/format/format-percent'

/**
 * Weighted and quadratic: a labelled slider and number per choice (0-100 each); your power is split
 * by each weight's share of the total, shown live.
 */
export function Weighted({ choices, value, onChange, quadratic, disabled }: { choices: string[]; value: Record<string, number>; onChange: (weights: Record<string, number>) => void; quadratic: boolean; disabled?: boolean }) {
  const total = Object.values(value).reduce((s, w) => s + w, 0)
  const set = (choice: number, weight: number) => onChange({ ...value, [choice]: Math.max(0, Math.min(100, Math.round(weight) || 0)) })
  return (
    <fieldset className="ballot" disabled={disabled}>
      <legend>Split your voting power</legend>
      <p className="hint">
        Give each choice a weight from 0 to 100; your power is split by each weight&apos;s share of the total.
        {quadratic && ' Quadratic: a choice\'s score grows with the square root of each voter\'s power on it, so many small voters count more than one large one.'}
      </p>
      {choices.map((choice, i) => {
        const weight = value[i + 1] ?? 0
        const id = `weight-${i + 1}`
        return (
          <div key={i} className="weight-row">
            <label htmlFor={id}>{choice}</label>
            <input id={id} type="range" min={0} max={100} step={1} value={weight} onChange={(e) => set(i + 1, Number(e.target.value))} aria-valuetext={`${weight}`} />
            <input type="number" min={0} max={100} value={weight} aria-label={`Weight for ${choice}`} onChange={(e) => set(i + 1, Number(e.target.value))} className="weight-number" />
            <span className="hint weight-share">{total > 0 ? formatPercent(Math.floor((weight / total) * 10_000)) : '0.00%'}</span>
          </div>
        )
      })}
      <p data-testid="weight-total" aria-live="polite">
        Total weight: <strong>{total}</strong>
        {total === 0 && ' (give at least one choice a weight)'}
      </p>
    </fieldset>
  )
}
