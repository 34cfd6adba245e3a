/** A native `<progress>` with a visible label and a text value (indeterminate when `max` is unknown). */
export function Progress({ label, value, max, text }: { label: string; value?: number; max?: number; text?: string }) {
  return (
    <div className="progress">
      <div className="progress-label">
        <span>{label}</span>
        {text && <span className="hint">{text}</span>}
      </div>
      <progress aria-label={label} value={max === undefined ? undefined : value} max={max}>
        {text}
      </progress>
    </div>
  )
}
