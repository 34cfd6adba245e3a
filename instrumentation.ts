/** Runs once per server process (Next's instrumentation hook). */
export async function register(): Promise<void> {
  // Node.js only: the intake engine (threads, database pool) does not exist on the edge runtime.
  // NEXT_RUNTIME is inlined by Next at build time, so the edge bundle drops the import below.
  // eslint-disable-next-line no-restricted-properties
  if (process.env.NEXT_RUNTIME !== 'nodejs') return
  const { closeIntakeOnSignal } = await import('./lib/intake/close-intake-on-signal')
  closeIntakeOnSignal()
}
