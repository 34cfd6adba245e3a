import type { DecodedAction } from '@/lib/analysis/schema'

/** The proposal's actions as the analyst decoded them: one plain line each, with the call underneath; nested calls indented. */
export function DecodedActions({ actions }: { actions: DecodedAction[] }) {
  return (
    <section aria-labelledby="decoded-actions-heading" className="card analysis">
      <h2 id="decoded-actions-heading">Decoded actions</h2>
      {actions.length === 0 ? <p className="empty">This proposal executes nothing on-chain.</p> : <ActionList actions={actions} />}
    </section>
  )
}

function ActionList({ actions }: { actions: DecodedAction[] }) {
  return (
    <ol className="actions">
      {actions.map((action) => (
        <li key={action.index} data-testid="decoded-action">
          {action.description}
          <div className="mono empty">
            {action.operation === 'delegatecall' && 'DELEGATECALL '}
            {action.signature ?? action.selector ?? 'no calldata'} on {action.target}
            {action.value !== '0' && ` with ${action.value} wei`}
            {action.decodeError && ` (${action.decodeError})`}
          </div>
          {action.children.length > 0 && <ActionList actions={action.children} />}
        </li>
      ))}
    </ol>
  )
}
