import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { childProcessEnv } from '@/lib/env'

export type IntakeServer = { url: string; child: ChildProcess; output: () => string; stop: () => Promise<void> }

/**
 * Starts tests/intake/support/intake-server.ts in its own process (so a test can SIGKILL it);
 * `gated`: behind the overload gate, as `npm start` serves Next.
 */
export async function startIntakeServer(
  env: Record<string, string>,
  { gated = false, execArgv = [] }: { gated?: boolean; /** Node options before the script (a bench's `--cpu-prof`). */ execArgv?: readonly string[] } = {},
): Promise<IntakeServer> {
  const script = path.join(process.cwd(), 'tests/intake/support/intake-server.ts')
  const child = spawn(process.execPath, [...execArgv, '--import', 'tsx', script, '0', ...(gated ? ['gated'] : [])], {
    cwd: process.cwd(),
    env: childProcessEnv({ NODE_ENV: 'production', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout!.on('data', (chunk) => (output += chunk))
  child.stderr!.on('data', (chunk) => (output += chunk))
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`intake server did not start:\n${output}`)), 30_000)
    child.stdout!.on('data', () => {
      const match = /listening (\d+)/.exec(output)
      if (match) {
        clearTimeout(timer)
        resolve(Number(match[1]))
      }
    })
    child.once('exit', (code) => reject(new Error(`intake server exited (${code}):\n${output}`)))
  })
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
      await exited
      clearTimeout(timer)
    },
  }
}
