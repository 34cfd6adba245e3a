import path from 'node:path'

/**
 * Node's flags for the production server. A 64 MB young generation (V8's default is 16 MB on
 * 64-bit): the intake holds each batch's messages for one group commit (about 10 ms), long enough
 * to be promoted out of a small young generation; at 64 MB they die young, which halved the vote
 * writer's GC time (lib/intake/README.md). `npm start` passes the same flag in package.json.
 */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=64']

/** `node`'s arguments for `npm start`'s server (scripts/start.ts) of the checkout at `appDir`. */
export function startServerArgs(appDir = '.'): string[] {
  return [...SERVER_NODE_FLAGS, '--import', 'tsx', path.resolve(appDir, 'scripts/start.ts')]
}
