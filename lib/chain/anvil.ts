import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import path from 'node:path'
import { AnvilNotInstalledError, AnvilStartError } from './errors'

export type StartAnvilParameters = {
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string
  /** Port; `0` (the default) picks a free one. */
  port?: number
  /** Default 31337. */
  chainId?: number
  /** Seconds between blocks; unset mines a block per transaction. */
  blockTime?: number
  /** Loads the chain from this file when it exists, and dumps it there on exit (`anvil --state`). */
  stateFile?: string
  /** With `stateFile`: also dump every this many seconds, so a killed process loses little. */
  stateInterval?: number
  /** Default: anvil's `test test ... junk`, whose accounts are in `dev-accounts.ts`. */
  mnemonic?: string
  /** EVM hardfork name (`prague`, `cancun`...); default anvil's latest. */
  hardfork?: string
  /** Milliseconds to wait for JSON-RPC to answer. Default 15 000. */
  timeout?: number
  /** Receives anvil's log lines (transactions, blocks); by default they are kept only for errors. */
  onLog?: (line: string) => void
  /** Path to an anvil binary, instead of the one from `@foundry-rs/anvil-<os>-<arch>`. */
  binary?: string
  /** JSON-RPC to fork (`anvil --fork-url`): the new chain starts from that chain's state. */
  forkUrl?: string
  /** With `forkUrl`: the block to fork from; default the latest. */
  forkBlockNumber?: bigint | number
}

export type StartAnvilReturnType = {
  rpcUrl: string
  chainId: number
  port: number
  pid: number
  /** Stops anvil (SIGTERM, so `stateFile` is written; SIGKILL after 5 s) and waits for its exit. */
  stop: () => Promise<void>
}

const require = createRequire(import.meta.url)
const archNames: Partial<Record<NodeJS.Architecture, string>> = { x64: 'amd64', arm64: 'arm64' }
// Keep the last lines of output for error messages; older ones are dropped.
const keptLogLines = 40

/** The platform binary from the optional dependency of `@foundry-rs/anvil`, run directly. */
export function resolveAnvilBinary(): string {
  const packageName = `@foundry-rs/anvil-${process.platform}-${archNames[process.arch] ?? process.arch}`
  let packageJson: string
  try {
    packageJson = require.resolve(`${packageName}/package.json`)
  } catch (error) {
    throw new AnvilNotInstalledError(packageName, error)
  }
  const binary = path.join(path.dirname(packageJson), 'bin', process.platform === 'win32' ? 'anvil.exe' : 'anvil')
  if (!existsSync(binary)) throw new AnvilNotInstalledError(packageName)
  return binary
}

async function findFreePort(host: string): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.once('error', reject)
    server.listen(0, host, () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}

async function assertPortFree(host: string, port: number): Promise<void> {
  const rpcUrl = `http://${host}:${port}`
  await new Promise<void>((resolve, reject) => {
    const server = createServer()
    server.once('error', (error) =>
      reject(new AnvilStartError(`cannot start anvil: ${host}:${port} is in use`, { rpcUrl, output: '' }, error)),
    )
    server.listen(port, host, () => server.close(() => resolve()))
  })
}

// Children still running when this process goes away. `exit` covers normal ends and
// process.exit(); the signal handlers cover Ctrl-C and kill; on Linux `setpriv --pdeathsig`
// additionally covers SIGKILL of this process.
const running = new Set<ChildProcess>()
let exitHooksInstalled = false

function installExitHooks(): void {
  if (exitHooksInstalled) return
  exitHooksInstalled = true
  process.on('exit', () => {
    for (const child of running) child.kill('SIGTERM')
  })
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = () => {
      for (const child of running) child.kill('SIGTERM')
      // Alone, this listener would swallow the signal: restore the default and re-raise it.
      if (process.listenerCount(signal) === 1) {
        process.removeListener(signal, onSignal)
        process.kill(process.pid, signal)
      }
    }
    process.on(signal, onSignal)
  }
}

const setpriv = '/usr/bin/setpriv'

function spawnWithParentDeathSignal(binary: string, args: string[]): ChildProcess {
  // setpriv execs anvil in place (same pid) with PR_SET_PDEATHSIG, so anvil gets SIGTERM when
  // this process dies for any reason, SIGKILL included.
  if (process.platform === 'linux' && existsSync(setpriv)) {
    return spawn(setpriv, ['--pdeathsig', 'TERM', '--', binary, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  }
  return spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] })
}

async function waitForExit(child: ChildProcess, timeout: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return true
  return await new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeout)
    child.once('exit', () => {
      clearTimeout(timer)
      resolve(true)
    })
  })
}

async function answersChainId(rpcUrl: string): Promise<number | undefined> {
  try {
    const response = await fetch(rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
      signal: AbortSignal.timeout(1_000),
    })
    const body = (await response.json()) as { result?: string }
    return body.result ? Number(body.result) : undefined
  } catch {
    return undefined
  }
}

function anvilArguments(params: StartAnvilParameters, host: string, port: number, chainId: number): string[] {
  const args = ['--host', host, '--port', String(port), '--chain-id', String(chainId)]
  if (params.blockTime !== undefined) args.push('--block-time', String(params.blockTime))
  if (params.stateFile !== undefined) args.push('--state', params.stateFile)
  if (params.stateFile !== undefined && params.stateInterval !== undefined) {
    args.push('--state-interval', String(params.stateInterval))
  }
  if (params.mnemonic !== undefined) args.push('--mnemonic', params.mnemonic)
  if (params.hardfork !== undefined) args.push('--hardfork', params.hardfork)
  if (params.forkUrl !== undefined) args.push('--fork-url', params.forkUrl)
  if (params.forkUrl !== undefined && params.forkBlockNumber !== undefined) {
    args.push('--fork-block-number', String(params.forkBlockNumber))
  }
  return args
}

async function startOnce(params: StartAnvilParameters, binary: string, port: number): Promise<StartAnvilReturnType> {
  const host = params.host ?? '127.0.0.1'
  const chainId = params.chainId ?? 31337
  const timeout = params.timeout ?? 15_000
  const rpcUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`

  const child = spawnWithParentDeathSignal(binary, anvilArguments(params, host, port, chainId))
  running.add(child)
  installExitHooks()

  const output: string[] = []
  const onData = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line === '') continue
      output.push(line)
      if (output.length > keptLogLines) output.shift()
      params.onLog?.(line)
    }
  }
  // Always drained: a full pipe would block anvil.
  child.stdout?.on('data', onData)
  child.stderr?.on('data', onData)
  let spawnError: Error | undefined
  child.once('error', (error) => {
    spawnError = error
  })
  child.once('exit', () => running.delete(child))

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return
    child.kill('SIGTERM')
    if (!(await waitForExit(child, 5_000))) {
      child.kill('SIGKILL')
      await waitForExit(child, 5_000)
    }
  }

  const deadline = Date.now() + timeout
  for (;;) {
    const exited = spawnError !== undefined || child.exitCode !== null || child.signalCode !== null
    if (exited) {
      throw new AnvilStartError(`anvil exited before answering on ${rpcUrl}`, { rpcUrl, output: output.join('\n') }, spawnError)
    }
    const answered = await answersChainId(rpcUrl)
    if (answered !== undefined) {
      if (answered !== chainId) {
        await stop()
        throw new AnvilStartError(`${rpcUrl} answered chain id ${answered}, expected ${chainId}`, {
          rpcUrl,
          output: output.join('\n'),
        })
      }
      return { rpcUrl, chainId, port, pid: child.pid!, stop }
    }
    if (Date.now() > deadline) {
      await stop()
      throw new AnvilStartError(`anvil did not answer on ${rpcUrl} within ${timeout} ms`, {
        rpcUrl,
        output: output.join('\n'),
      })
    }
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

/**
 * Starts a local anvil and resolves once it answers `eth_chainId`. The child is stopped when this
 * process exits; until `stop()` it keeps this process alive, like any child process.
 */
export async function startAnvil(params: StartAnvilParameters = {}): Promise<StartAnvilReturnType> {
  const binary = params.binary ?? resolveAnvilBinary()
  const host = params.host ?? '127.0.0.1'
  const port = params.port || (await findFreePort(host))
  // anvil binds with SO_REUSEPORT, so a second anvil on a busy port starts "fine" and the two
  // chains then share the port's requests. Refuse a busy port instead.
  if (params.port) await assertPortFree(host, port)
  return await startOnce(params, binary, port)
}
