import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { OverloadGate } from './overload-gate'

/**
 * The longest a request may take to arrive whole (ms). Node's default, 5 min, cut a 10M-row
 * allocation upload (~500 MB, read at the pace of the database inserts: ~8-12 min) at 300 s with
 * "aborted". Headers must still come within Node's `headersTimeout` (60 s), which is what stops
 * a client that opens connections and sends nothing.
 */
export const REQUEST_TIMEOUT_MS = 30 * 60_000

export type GatedServer = {
  server: Server
  /** `http://host:port` it listens on. */
  url: string
  /**
   * Graceful stop: stops accepting connections, closes idle keep-alive ones, lets every request in
   * flight finish (each gets its answer; a request arriving meanwhile on an open connection is
   * still served, with `connection: close`), then resolves. After `forceAfterMs` (default 25 000)
   * the remaining connections are cut.
   */
  close: (forceAfterMs?: number) => Promise<void>
}

/**
 * A node:http server that puts `gate` in front of `handle` (Next's request handler under
 * `npm start`; the intake's plain handlers in tests): a request over its class's limit is answered
 * 429 by the gate and never reaches `handle`. Listens on `port` (0: a free one) and `hostname`.
 */
export async function serveGated({
  handle,
  gate,
  port,
  hostname,
}: {
  handle: (req: IncomingMessage, res: ServerResponse) => unknown
  gate: OverloadGate
  port: number
  /** Unset: every interface, IPv6 and IPv4 (as `next start`), so `localhost` reaches it either way. */
  hostname?: string
}): Promise<GatedServer> {
  let closing = false
  const server = createServer((req, res) => {
    if (closing) res.setHeader('connection', 'close')
    if (!gate.admit(req, res)) return
    Promise.resolve(handle(req, res)).catch((error: unknown) => {
      console.error('[server] request failed', error)
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ error: { code: 'internal', message: 'internal error; nothing was recorded, retry' } }))
    })
  })
  // longer than a load balancer's idle timeout, so it never reuses a connection Node just closed
  server.keepAliveTimeout = 65_000
  server.requestTimeout = REQUEST_TIMEOUT_MS
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, hostname, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const address = server.address()
  const url = `http://${hostname ?? 'localhost'}:${typeof address === 'object' && address ? address.port : port}`
  return {
    server,
    url,
    close: async (forceAfterMs = 25_000) => {
      closing = true
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      // a keep-alive connection becomes idle once its request is answered: close those as they come
      server.closeIdleConnections()
      const idle = setInterval(() => server.closeIdleConnections(), 50)
      const force = setTimeout(() => server.closeAllConnections(), forceAfterMs)
      force.unref()
      await closed
      clearInterval(idle)
      clearTimeout(force)
    },
  }
}
