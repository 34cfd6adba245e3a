'use client'

/** Approval: a checkbox per choice; once `maxPicks` are picked, the others are disabled. */
export function Approval({ choices, maxPicks, value, onChange, disabled }: { choices: string[]; maxPicks: number | null; value: number[]; onChange: (picks: number[]) => void; disabled?: boolean }) {
  const full = maxPicks !== null && value.length >= maxPicks
  return (
    <fieldset className="ballot" disabled={disabled} aria-describedby="approval-hint">
      <legend>Approve any choices</legend>
      <p className="hint" id="approval-hint">
        {maxPicks === null ? 'Pick as many as you approve of.' : `Pick up to ${maxPicks}.`} Each choice you pick gets your full voting power. Picked {value.length}
        {maxPicks === null ? '' : ` of ${maxPicks}`}.
      </p>
      {choices.map((choice, i) => {
        const checked = value.includes(i + 1)
        return (
          <label key={i} className="option">
            <input
              type="checkbox"
              checked={checked}
              disabled={!checked && full}
              onChange={() => onChange(checked ? value.filter((c) => c !== i + 1) : [...value, i + 1].sort((a, b) => a - b))}
            />
            {choice}
          </label>
        )
      })}
    </fieldset>
  )
}
