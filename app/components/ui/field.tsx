import { cloneElement, isValidElement, type ReactElement, type ReactNode } from 'react'

export type FieldProps = {
  /** The input's id; the label, hint and error are tied to it. */
  id: string
  label: ReactNode
  /** Shown under the input as an alert, and the input gets `aria-invalid`. */
  error?: string | string[]
  hint?: ReactNode
  /** One input, select or textarea. */
  children: ReactElement<Record<string, unknown>>
}

/**
 * A labelled form control with its hint and its error under it: the input gets `id`,
 * `aria-describedby` (hint and error) and `aria-invalid`; the error is `role="alert"`.
 */
export function Field({ id, label, error, hint, children }: FieldProps) {
  const message = Array.isArray(error) ? error[0] : error
  const hintId = hint ? `${id}-hint` : undefined
  const errorId = message ? `${id}-error` : undefined
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {isValidElement(children)
        ? cloneElement(children, { id, 'aria-describedby': describedBy, 'aria-invalid': message ? true : undefined })
        : children}
      {hint && (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      )}
      {message && (
        <p className="field-error" id={errorId} role="alert">
          {message}
        </p>
      )}
    </div>
  )
}
