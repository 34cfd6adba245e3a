/**
 * An admission limit on requests in flight at a route's edge: past `maxInFlight`, a request is
 * answered 429 with `Retry-After` at once, before its body is read, instead of queueing behind the
 * others. Requests admitted then keep their latency (about `maxInFlight` / capacity), and offered
 * load beyond capacity is shed in well under a millisecond of work each. Per process: under
 * `next start` one limit for the server, on Vercel one per function instance.
 */
export type Admission = {
  /** A release function when admitted (call it once the answer is ready), undefined when full. */
  tryEnter(): (() => void) | undefined
  inFlight(): number
  readonly maxInFlight: number
}

export function createAdmission({ maxInFlight }: { maxInFlight: number }): Admission {
  let inFlight = 0
  return {
    maxInFlight,
    inFlight: () => inFlight,
    tryEnter() {
      if (inFlight >= maxInFlight) return undefined
      inFlight++
      let released = false
      return () => {
        if (released) return
        released = true
        inFlight--
      }
    },
  }
}
