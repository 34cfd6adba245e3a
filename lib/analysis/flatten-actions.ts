import type { DecodedAction } from './schema'

/** Every action and every call nested in one, depth first. */
export function flattenActions(actions: readonly DecodedAction[]): DecodedAction[] {
  return actions.flatMap((action) => [action, ...flattenActions(action.children)])
}
