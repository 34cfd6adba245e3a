/** Runs once per server process (Next's instrumentation hook). */
export async function register(): Promise<void> {
  // Node.js only: the intake engine (threads, database pool) does not exist on the edge runtime
  if (typeof (globalThis as { EdgeRuntime?: unknown }).EdgeRuntime === 'string') return
  const { closeIntakeOnSignal } = await import('./lib/intake/close-intake-on-signal')
  closeIntakeOnSignal()
}
