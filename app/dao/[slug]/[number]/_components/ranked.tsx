'use client'

import { useState } from 'react'

/**
 * Ranked choice: drag to reorder, or use "Move up" / "Move down" (the keyboard way). Choices below
 * the line are left out: a partial ranking is allowed (Snapshot requires every choice ranked).
 */
export function Ranked({ choices, value, onChange, disabled }: { choices: string[]; value: number[]; onChange: (ranking: number[]) => void; disabled?: boolean }) {
  const [dragging, setDragging] = useState<number | null>(null)
  const unranked = choices.map((_, i) => i + 1).filter((c) => !value.includes(c))
  const move = (from: number, to: number) => {
    if (to < 0 || to >= value.length) return
    const next = [...value]
    const [item] = next.splice(from, 1)
    next.splice(to, 0, item!)
    onChange(next)
  }
  return (
    <fieldset className="ballot" disabled={disabled}>
      <legend>Rank the choices, best first</legend>
      <p className="hint">Drag, or use Move up and Move down. Rank as many as you like: a partial ranking counts until all its choices are eliminated.</p>
      <ol className="ranking" aria-label="Your ranking">
        {value.map((choice, i) => (
          <li
            key={choice}
            draggable={!disabled}
            onDragStart={() => setDragging(i)}
            onDragOver={(e) => e.preventDefault()}
            onDrop={() => {
              if (dragging !== null) move(dragging, i)
              setDragging(null)
            }}
            className="rank-item"
            data-testid="ranked-choice"
          >
            <span className="rank-number" aria-hidden="true">{i + 1}</span>
            <span className="rank-label">{choices[choice - 1]}</span>
            <span className="rank-actions">
              <button type="button" onClick={() => move(i, i - 1)} disabled={i === 0} aria-label={`Move up ${choices[choice - 1]}`}>
                Move up
              </button>
              <button type="button" onClick={() => move(i, i + 1)} disabled={i === value.length - 1} aria-label={`Move down ${choices[choice - 1]}`}>
                Move down
              </button>
              <button type="button" onClick={() => onChange(value.filter((c) => c !== choice))} aria-label={`Remove ${choices[choice - 1]} from your ranking`}>
                Remove
              </button>
            </span>
          </li>
        ))}
      </ol>
      {value.length === 0 && <p className="empty">Add at least one choice.</p>}
      {unranked.length > 0 && (
        <div className="row">
          {unranked.map((choice) => (
            <button key={choice} type="button" onClick={() => onChange([...value, choice])} aria-label={`Add ${choices[choice - 1]} to your ranking`}>
              + {choices[choice - 1]}
            </button>
          ))}
        </div>
      )}
    </fieldset>
  )
}
