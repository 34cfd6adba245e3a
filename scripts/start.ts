/**
 * `npm start`: the production server. Next's request handler (the build in .next, as `next start`
 * serves it) behind Arbor's overload gate (lib/http/overload-gate.ts): intake POSTs past
 * INTAKE_MAX_IN_FLIGHT in flight, and other requests past WEB_MAX_IN_FLIGHT, are answered 429 with
 * Retry-After before Next parses or routes them, so offered load beyond capacity is shed in
 * microseconds instead of queueing inside Next. Opt-in: with PROOF_BEFORE_NEXT=1, admitted GET
 * proof requests are answered before Next routes them (lib/airdrop/answer-proof-before-next.ts).
 *
 *   --port, -p       port (default PORT, else 3000)
 *   --hostname, -H   interface (default: all, IPv6 and IPv4, as `next start`)
 *
 * SIGTERM / SIGINT: stop accepting, answer every request in flight (the intake engine, closed by
 * instrumentation.ts on the same signal, writes what it accepted first), then exit 0.
 * Run with NODE_ENV=production (the npm script sets it).
 */
import { parseArgs } from 'node:util'
import next from 'next'
import { answerProofBeforeNext } from '../lib/airdrop/answer-proof-before-next'
import { getDb } from '../lib/db'
import { env } from '../lib/env'
import { arborGateRules, createOverloadGate } from '../lib/http/overload-gate'
import { serveGated } from '../lib/http/serve-gated'

const { values } = parseArgs({
  options: {
    port: { type: 'string', short: 'p' },
    hostname: { type: 'string', short: 'H' },
  },
})
const port = values.port === undefined ? env.PORT : Number(values.port)
const hostname = values.hostname

const app = next({ dev: false, dir: process.cwd(), hostname, port })
await app.prepare()
const nextHandle = app.getRequestHandler()
// opt-in: PROOF_BEFORE_NEXT=1 answers GET proof requests before Next's router (see the module)
const handle = env.PROOF_BEFORE_NEXT ? answerProofBeforeNext(getDb, nextHandle) : nextHandle
const gate = createOverloadGate({
  rules: arborGateRules({ intake: env.INTAKE_MAX_IN_FLIGHT, web: env.WEB_MAX_IN_FLIGHT, adaptive: env.INTAKE_SHED_LAG_MS !== undefined || env.INTAKE_TARGET_MS !== undefined }),
  lagLimitMs: env.INTAKE_SHED_LAG_MS,
  latencyTargetMs: env.INTAKE_TARGET_MS,
})
const served = await serveGated({ handle, gate, port, hostname })
console.log(`arbor: ready on ${served.url} (front gate: ${env.INTAKE_MAX_IN_FLIGHT} intake POSTs, ${env.WEB_MAX_IN_FLIGHT} other requests in flight)`)

let stopping = false
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return
    stopping = true
    void served
      .close()
      .then(() => app.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          console.error('arbor: shutdown failed', error)
          process.exit(1)
        },
      )
  })
}
