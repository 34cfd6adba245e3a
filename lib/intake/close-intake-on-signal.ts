import { peekIntakeEngine } from './get-intake-engine'

let installed = false

/**
 * On SIGTERM or SIGINT, closes the process's intake engine (if it started one): it stops taking
 * messages (new POSTs get 429 with Retry-After), writes at once what it accepted, and stops its
 * worker threads. Under `next start` Next's own handler meanwhile stops accepting connections and
 * waits for the requests in flight, each of which is answered after its batch committed; then
 * the process exits. Nothing acknowledged is lost: an answer is only sent after COMMIT.
 */
export function closeIntakeOnSignal(): void {
  if (installed) return
  installed = true
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      const engine = peekIntakeEngine()
      if (!engine) return
      void engine.close().catch((error: unknown) => console.error('intake: close on shutdown failed', error))
    })
  }
}
