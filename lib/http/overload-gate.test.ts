import { Agent, request } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { arborGateRules, createOverloadGate } from './overload-gate'
import { REQUEST_TIMEOUT_MS, serveGated, type GatedServer } from './serve-gated'

type Answer = { status: number; headers: Record<string, string | string[] | undefined>; body: string; socket: unknown }

function send(url: string, agent: Agent, { method = 'POST', path = '/api/votes', body = '{"a":1}' } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const target = new URL(url)
    const req = request({ agent, host: target.hostname, port: target.port, path, method, headers: { 'content-type': 'application/json' } }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (text += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text, socket: req.socket }))
    })
    req.on('error', reject)
    req.end(method === 'GET' ? undefined : body)
  })
}

describe('overload gate in front of a server', () => {
  let served: GatedServer | undefined
  afterEach(async () => {
    await served?.close(1_000)
    served = undefined
  })

  it('past the limit answers 429 + Retry-After without calling the handler, while the admitted requests are held; frees a slot when one is answered', async () => {
    const held: Array<() => void> = []
    let handled = 0
    const gate = createOverloadGate({ rules: arborGateRules({ intake: 2, web: 100 }) })
    served = await serveGated({
      gate,
      port: 0,
      hostname: '127.0.0.1',
      handle: (req, res) => {
        handled++
        req.resume()
        held.push(() => res.end('{"ok":true}'))
      },
    })
    const agent = new Agent({ keepAlive: true, maxSockets: 16 })
    const admitted = [send(served.url, agent), send(served.url, agent)]
    await expect.poll(() => held.length).toBe(2)
    // the handler holds both: every further intake POST is shed, answered while those still wait
    const shed = await Promise.all(Array.from({ length: 8 }, () => send(served!.url, agent)))
    expect(shed.map((a) => a.status)).toEqual(Array(8).fill(429))
    for (const answer of shed) {
      expect(answer.headers['retry-after']).toBe('1')
      expect(JSON.parse(answer.body)).toEqual({
        error: { code: 'overloaded', message: 'the server is at its limit of 2 intake requests in flight; retry shortly', details: { retryAfter: 1 } },
      })
    }
    expect(handled).toBe(2)
    // other routes have their own limit: a GET still reaches the handler
    const page = send(served.url, agent, { method: 'GET', path: '/proposals' })
    await expect.poll(() => handled).toBe(3)
    expect(gate.stats()).toMatchObject({ intake: { inFlight: 2, maxSeen: 2, admitted: 2, shed: 8 }, web: { inFlight: 1 } })
    for (const release of held.splice(0)) release()
    expect((await Promise.all([...admitted, page])).map((a) => a.status)).toEqual([200, 200, 200])
    // a slot freed: the next POST is admitted again
    const again = send(served.url, agent)
    await expect.poll(() => held.length).toBe(1)
    held[0]!()
    expect((await again).status).toBe(200)
    expect(gate.stats().intake).toMatchObject({ inFlight: 0, admitted: 3, shed: 8 })
    agent.destroy()
  })

  it('a shed request whose body was never read leaves its keep-alive connection usable', async () => {
    const gate = createOverloadGate({ rules: arborGateRules({ intake: 1, web: 10 }) })
    let release = () => {}
    served = await serveGated({
      gate,
      port: 0,
      hostname: '127.0.0.1',
      handle: (req, res) => {
        req.resume()
        if (req.method === 'POST') release = () => res.end('{}')
        else res.end('{}')
      },
    })
    const holder = new Agent({ keepAlive: true, maxSockets: 1 })
    const first = send(served.url, holder)
    await expect.poll(() => gate.stats().intake!.inFlight).toBe(1)
    const agent = new Agent({ keepAlive: true, maxSockets: 1 })
    const shed = await send(served.url, agent, { body: JSON.stringify({ big: 'x'.repeat(200_000) }) })
    expect(shed.status).toBe(429)
    const next = await send(served.url, agent, { method: 'GET', path: '/' })
    expect(next.status).toBe(200)
    expect(next.socket).toBe(shed.socket)
    release()
    expect((await first).status).toBe(200)
    holder.destroy()
    agent.destroy()
  })

  it('gives a long upload time to arrive (Node cuts a request body still arriving after 5 min), headers still 60 s', async () => {
    served = await serveGated({ gate: createOverloadGate({ rules: [] }), port: 0, hostname: '127.0.0.1', handle: (req, res) => (req.resume(), res.end('{}')) })
    expect(served.server.requestTimeout).toBe(REQUEST_TIMEOUT_MS)
    expect(REQUEST_TIMEOUT_MS).toBeGreaterThanOrEqual(20 * 60_000)
    expect(served.server.headersTimeout).toBeLessThanOrEqual(60_000)
  })

  it('close() answers the requests in flight before it resolves', async () => {
    const gate = createOverloadGate({ rules: arborGateRules({ intake: 4, web: 10 }) })
    const held: Array<() => void> = []
    served = await serveGated({ gate, port: 0, hostname: '127.0.0.1', handle: (req, res) => (req.resume(), held.push(() => res.end('{}'))) })
    const agent = new Agent({ keepAlive: true, maxSockets: 4 })
    const inFlight = Array.from({ length: 3 }, () => send(served!.url, agent))
    await expect.poll(() => held.length).toBe(3)
    let closed = false
    const closing = served.close().then(() => (closed = true))
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(closed).toBe(false)
    for (const release of held) release()
    expect((await Promise.all(inFlight)).map((a) => a.status)).toEqual([200, 200, 200])
    await closing
    served = undefined
    agent.destroy()
  })
})

describe('adaptive intake limit (lagLimitMs)', () => {
  it('lowers the intake limit while the event loop is blocked, and raises it back once it is not', async () => {
    const gate = createOverloadGate({ rules: arborGateRules({ intake: 16, web: 10, adaptive: true }), lagLimitMs: 100 })
    try {
      expect(gate.stats().intake!.limit).toBe(16)
      // block the event loop for 250 ms, three times: each window after a block sees the delay
      for (let i = 0; i < 3; i++) {
        const until = performance.now() + 250
        while (performance.now() < until) {
          // busy: the loop cannot run the sampler
        }
        await new Promise((resolve) => setTimeout(resolve, 120))
      }
      const lowered = gate.stats().intake!.limit
      expect(lowered).toBeLessThan(16)
      expect(lowered).toBeGreaterThanOrEqual(4)
      expect(gate.stats().web!.limit).toBe(10) // fixed rules do not move
      await expect.poll(() => gate.stats().intake!.limit, { timeout: 10_000 }).toBe(16)
    } finally {
      gate.close()
    }
  })
})

describe('adaptive intake limit (latencyTargetMs)', () => {
  it('lowers the intake limit while admitted requests take longer than the target, down to the floor', async () => {
    const gate = createOverloadGate({ rules: arborGateRules({ intake: 16, web: 10, adaptive: true }), latencyTargetMs: 50 })
    const held: Array<() => void> = []
    const served = await serveGated({ gate, port: 0, hostname: '127.0.0.1', handle: (req, res) => (req.resume(), held.push(() => res.end('{}'))) })
    const agent = new Agent({ keepAlive: true, maxSockets: 32 })
    try {
      // rounds of slow answers: each round's requests are held past the target, then answered
      for (let round = 0; round < 4; round++) {
        const answers = Array.from({ length: 4 }, () => send(served.url, agent))
        await expect.poll(() => held.length).toBe(4)
        await new Promise((resolve) => setTimeout(resolve, 150))
        for (const release of held.splice(0)) release()
        await Promise.all(answers)
        await new Promise((resolve) => setTimeout(resolve, 120))
      }
      expect(gate.stats().intake!.limit).toBeLessThan(16)
      expect(gate.stats().intake!.limit).toBeGreaterThanOrEqual(4)
    } finally {
      agent.destroy()
      await served.close(1_000)
      gate.close()
    }
  })
})
