/**
 * `npm run dev` as a person runs it: the zero-configuration stack (PGlite, anvil, contracts, demo,
 * `next dev`) comes up and serves the demo, a second run reuses the data, and Ctrl-C (SIGINT to the
 * process group, as a terminal sends it) leaves nothing running.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer, connect } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { childProcessEnv } from '@/lib/env'

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => (socket.destroy(), resolve(true)))
    socket.once('error', () => resolve(false))
  })
}

function processesInGroup(pgid: number): string[] {
  const out = execFileSync('ps', ['-eo', 'pid=,pgid=,comm='], { encoding: 'utf8' })
  return out
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([, group]) => Number(group) === pgid)
    .map(([pid, , comm]) => `${pid} ${comm}`)
}

type Run = { child: ChildProcess; output: () => string; exited: Promise<number | null> }

function startDev(args: string[], dataDir: string): Run {
  let output = ''
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/dev.ts', ...args], {
    detached: true, // its own process group, so SIGINT reaches every child as Ctrl-C would
    stdio: ['ignore', 'pipe', 'pipe'],
    env: childProcessEnv({ ARBOR_DATA_DIR: dataDir, DATABASE_URL: undefined, RPC_URL: undefined }),
  })
  child.stdout!.on('data', (chunk) => (output += chunk))
  child.stderr!.on('data', (chunk) => (output += chunk))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  return { child, output: () => output, exited }
}

async function waitFor(run: Run, text: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs
  while (!run.output().includes(text)) {
    if (run.child.exitCode !== null) throw new Error(`dev stack exited early:\n${run.output()}`)
    if (Date.now() > deadline) throw new Error(`"${text}" not printed within ${timeoutMs} ms:\n${run.output()}`)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

async function interrupt(run: Run): Promise<number | null> {
  process.kill(-run.child.pid!, 'SIGINT')
  return Promise.race([
    run.exited,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no exit after SIGINT:\n${run.output()}`)), 20_000)),
  ])
}

describe('npm run dev', () => {
  let dataDir: string
  let webPort: number
  let rpcPort: number

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'arbor-dev-'))
    webPort = await freePort()
    rpcPort = await freePort()
  })
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true })
  })

  it('serves the demo with no configuration, and Ctrl-C stops every child', async () => {
    const run = startDev(['--fresh', '--port', String(webPort), '--rpc-port', String(rpcPort)], dataDir)
    try {
      await waitFor(run, 'Arbor is running', 300_000)
      expect(run.output()).toContain(`http://localhost:${webPort}`)
      expect(run.output()).toMatch(/key 0x[0-9a-f]{64}/)

      const page = await fetch(`http://127.0.0.1:${webPort}/`).then((response) => response.text())
      expect(page).toContain('Arbor DAO')
      expect(page).toContain('ARB')
    } finally {
      expect(await interrupt(run)).toBe(0)
    }
    expect(processesInGroup(run.child.pid!)).toEqual([])
    expect(await portAnswers(webPort)).toBe(false)
    expect(await portAnswers(rpcPort)).toBe(false)
  }, 420_000)

  it('a second stack on the same data refuses, naming the running one; when the web server dies the stack stops with a message and leaves nothing running', async () => {
    const run = startDev(['--port', String(webPort), '--rpc-port', String(rpcPort)], dataDir)
    let stopped = false
    try {
      await waitFor(run, 'Arbor is running', 300_000)
      const second = startDev(['--port', String(await freePort()), '--rpc-port', String(await freePort())], dataDir)
      expect(await Promise.race([second.exited, new Promise((resolve) => setTimeout(() => resolve('still running'), 30_000))])).toBe(1)
      expect(second.output()).toContain(`Another Arbor stack (pid ${run.child.pid}`)
      expect(second.output()).toContain(`http://localhost:${webPort}`)

      // kill -9 the server process Next forked (what a crash looks like), not the stack
      const nextPid = Number(/web: next \w+ \(pid (\d+)\)/.exec(run.output())![1])
      const servers = processesInGroup(nextPid).filter((line) => line.split(' ')[0] !== String(nextPid))
      expect(servers.length).toBeGreaterThan(0)
      for (const line of servers) process.kill(Number(line.split(' ')[0]), 'SIGKILL')
      const code = await Promise.race([run.exited, new Promise((resolve) => setTimeout(() => resolve('still running'), 30_000))])
      stopped = code !== 'still running'
      expect(code).toBe(1)
      expect(run.output()).toMatch(/the web app .*stopping the stack/)
      expect(processesInGroup(nextPid)).toEqual([])
    } finally {
      if (!stopped) await interrupt(run).catch(() => process.kill(-run.child.pid!, 'SIGKILL'))
    }
    // tsx's esbuild service ends a moment after the stack that started it
    for (let i = 0; i < 50 && processesInGroup(run.child.pid!).length > 0; i++) await new Promise((resolve) => setTimeout(resolve, 200))
    expect(processesInGroup(run.child.pid!)).toEqual([])
    expect(await portAnswers(webPort)).toBe(false)
    expect(await portAnswers(rpcPort)).toBe(false)
  }, 480_000)

  it('reuses the data on a second run and says so', async () => {
    const run = startDev(['--port', String(webPort), '--rpc-port', String(rpcPort)], dataDir)
    try {
      await waitFor(run, 'Arbor is running', 300_000)
      expect(run.output()).toContain('demo: reusing the data in .arbor/')
      expect(run.output()).toContain('migrations up to date')
    } finally {
      expect(await interrupt(run)).toBe(0)
    }
    expect(processesInGroup(run.child.pid!)).toEqual([])
  }, 400_000)
})
