/**
 * `--import` preload (NODE_OPTIONS refuses `--cpu-prof`): profiles the process that runs
 * scripts/start.ts (the web server) with the inspector, and writes `web-<pid>.cpuprofile` to
 * ARBOR_CPU_PROFILE_DIR when it exits. Other processes of the stack are left alone.
 */
import { writeFileSync } from 'node:fs'
import { Session } from 'node:inspector'
import path from 'node:path'

// a plain preload, loaded before tsx: lib/env.ts cannot be imported here
// eslint-disable-next-line no-restricted-properties
const dir = process.env.ARBOR_CPU_PROFILE_DIR
if (dir && process.argv.some((arg) => arg.endsWith('scripts/start.ts'))) {
  const session = new Session()
  session.connect()
  session.post('Profiler.enable')
  session.post('Profiler.setSamplingInterval', { interval: 1000 })
  session.post('Profiler.start')
  // the inspector answers a session of this thread synchronously: usable in 'exit'
  process.on('exit', () => {
    session.post('Profiler.stop', (error, result) => {
      if (!error) writeFileSync(path.join(dir, `web-${process.pid}.cpuprofile`), JSON.stringify(result.profile))
    })
  })
}
