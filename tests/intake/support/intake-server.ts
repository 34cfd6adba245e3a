/**
 * The intake's HTTP surface in a plain node:http server, for tests that must kill a real process:
 * the same engine (getIntakeEngine, from DATABASE_URL, RPC_URL, CHAIN_ID) and the same handlers
 * as app/api/votes, app/api/claims and app/api/receipts/[id]. Prints `listening <port>` when ready.
 * Argument 2 `gated`: served as `npm start` serves Next, behind the overload gate (serveGated with
 * arborGateRules, limits from INTAKE_MAX_IN_FLIGHT / WEB_MAX_IN_FLIGHT), and stopped on SIGTERM as
 * scripts/start.ts stops (requests in flight answered first); without it a bare node:http server.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { PassThrough, Readable } from 'node:stream'
import { getDatabase } from '../../../lib/db/get-database'
import { env } from '../../../lib/env'
import { arborGateRules, createOverloadGate } from '../../../lib/http/overload-gate'
import { serveGated } from '../../../lib/http/serve-gated'
import { errorResponse } from '../../../lib/http/error-response'
import { getIntakeEngine } from '../../../lib/intake/get-intake-engine'
import { getReceipt } from '../../../lib/intake/get-receipt'
import { respondToSubmit } from '../../../lib/intake/respond-to-submit'

const engine = getIntakeEngine()
const routes: Record<string, string> = { '/api/votes': 'vote', '/api/claims': 'claim' }

const gated = process.argv[3] === 'gated'
const gate = createOverloadGate({ rules: arborGateRules({ intake: env.INTAKE_MAX_IN_FLIGHT, web: env.WEB_MAX_IN_FLIGHT }) })

async function handle(req: IncomingMessage, res: ServerResponse) {
  try {
    const url = new URL(req.url ?? '/', 'http://localhost')
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD'
    // through a PassThrough: a handler that cancels the body (413) then destroys only the copy,
    // not the socket the answer must still go out on
    const body = new PassThrough()
    if (hasBody) req.pipe(body)
    const request = new Request(url, {
      method: req.method,
      headers: req.headers as Record<string, string>,
      body: hasBody ? (Readable.toWeb(body) as ReadableStream) : undefined,
      duplex: 'half',
    } as RequestInit)
    let response: Response
    const kind = routes[url.pathname]
    if (kind && req.method === 'POST') response = await respondToSubmit(engine, kind, request)
    else if (url.pathname.startsWith('/api/receipts/')) {
      response = await getReceipt(getDatabase().sql, { id: url.pathname.slice('/api/receipts/'.length) })
        .then((receipt) => Response.json(receipt))
        .catch(errorResponse)
    } else if (url.pathname === '/health') response = Response.json({ ...engine.stats(), gate: gate.stats() })
    else response = Response.json({ error: { code: 'not_found', message: 'no such route' } }, { status: 404 })
    res.writeHead(response.status, Object.fromEntries(response.headers))
    res.end(Buffer.from(await response.arrayBuffer()))
    // a body the handler left unread (413): read and discard the rest, so the client finishes
    // sending and reads the answer instead of a reset connection (RFC 9112 §9.6)
    if (!req.complete) {
      req.unpipe(body)
      req.resume()
    }
  } catch (error) {
    console.error(error)
    if (!res.headersSent) res.writeHead(500)
    res.end()
  }
}

if (gated) {
  const served = await serveGated({ handle, gate, port: Number(process.argv[2] ?? 0), hostname: '127.0.0.1' })
  console.log(`listening ${new URL(served.url).port}`)
  let stopping = false
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (stopping) return
      stopping = true
      // as under npm start: instrumentation closes the engine (it writes what it accepted at once)
      // while the server answers what is in flight
      void Promise.all([served.close(), engine.close()]).finally(() => process.exit(0))
    })
  }
} else {
  const server = createServer(handle)
  server.keepAliveTimeout = 60_000
  server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => {
    const address = server.address()
    console.log(`listening ${typeof address === 'object' && address ? address.port : ''}`)
  })
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      server.close()
      void engine.close().finally(() => process.exit(0))
    })
  }
}
