import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export type FlakyRpcProxy = {
  url: string
  /** `eth_sendRawTransaction` calls forwarded to the node. */
  sends: number
  /**
   * `drop-send`: the node gets each `eth_sendRawTransaction`, the caller gets a 502 instead of its
   * answer; `down-after-send`: the same, and every later request is answered 502 too (the node
   * became unreachable) until the mode changes; `pass`: a plain proxy.
   */
  mode: 'pass' | 'drop-send' | 'down-after-send'
  close: () => Promise<void>
}

/** A JSON-RPC proxy in front of anvil that loses answers the way a flaky provider does. */
export async function startFlakyRpcProxy(target: string): Promise<FlakyRpcProxy> {
  let down = false
  const proxy: FlakyRpcProxy = { url: '', sends: 0, mode: 'pass', close: async () => {} }
  const server: Server = createServer(async (request, response) => {
    const chunks: Buffer[] = []
    for await (const chunk of request) chunks.push(chunk as Buffer)
    const body = Buffer.concat(chunks).toString()
    if (proxy.mode !== 'down-after-send') down = false
    if (down) {
      response.writeHead(502).end('bad gateway')
      return
    }
    const isSend = /"method"\s*:\s*"eth_sendRawTransaction"/.test(body)
    const answer = await fetch(target, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
    const text = await answer.text()
    if (isSend) proxy.sends++
    if (isSend && proxy.mode !== 'pass') {
      if (proxy.mode === 'down-after-send') down = true
      response.writeHead(502).end('bad gateway')
      return
    }
    response.writeHead(answer.status, { 'content-type': 'application/json' }).end(text)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  proxy.close = () => new Promise((resolve) => server.close(() => resolve()))
  return proxy
}
