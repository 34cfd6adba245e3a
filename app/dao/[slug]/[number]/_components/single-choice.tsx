'use client'

/** Basic and single-choice: one radio per choice in a fieldset. */
export function SingleChoice({ choices, value, onChange, disabled }: { choices: string[]; value: number | undefined; onChange: (choice: number) => void; disabled?: boolean }) {
  return (
    <fieldset className="ballot" disabled={disabled}>
      <legend>Your choice</legend>
      {choices.map((choice, i) => (
        <label key={i} className="option">
          <input type="radio" name="choice" value={i + 1} checked={value === i + 1} onChange={() => onChange(i + 1)} />
          {choice}
        </label>
      ))}
    </fieldset>
  )
}
