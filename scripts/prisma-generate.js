#!/usr/bin/env node
// `postinstall`: generate the Prisma client into prisma/generated, offline.
//
// Prisma's CLI (7.x) fetches a native schema-engine from binaries.prisma.sh before any command,
// even `generate`, which never runs it. When PRISMA_SCHEMA_ENGINE_BINARY names an existing file,
// the CLI skips the download; `generate` only checks that the file exists. We point it at the
// running Node binary: it exists on every platform and is never executed by `generate`.
// Migrations do NOT go through this trick (it would make `migrate` silently do nothing):
// they run offline through the WASM schema engine in lib/db/migrate.ts.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(path.join(root, 'package.json'))
const started = performance.now()

function fail(message, output = '') {
  if (output.trim() !== '') process.stderr.write(`${output.trim()}\n`)
  process.stderr.write(`prisma-generate: FAILED: ${message}\n`)
  process.exit(1)
}

let cli
try {
  cli = require.resolve('prisma/build/index.js')
} catch {
  fail('the `prisma` package is not installed (it is a devDependency: install with dev dependencies).')
}

const result = spawnSync(process.execPath, [cli, 'generate', '--schema', path.join(root, 'prisma/schema.prisma')], {
  cwd: root,
  encoding: 'utf8',
  env: {
    // Scripts may hand environment to child processes (lib/env.ts cannot be imported from plain JS).
    // eslint-disable-next-line no-restricted-properties
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.execPath,
    CHECKPOINT_DISABLE: '1',
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
  },
})

const output = `${result.stdout ?? ''}${result.stderr ?? ''}`
if (result.error) fail(`could not run the Prisma CLI: ${result.error.message}`, output)
if (result.status !== 0) fail(`\`prisma generate\` exited with code ${result.status}.`, output)
if (!existsSync(path.join(root, 'prisma/generated/client.ts'))) {
  fail('`prisma generate` exited 0 but prisma/generated/client.ts is missing.', output)
}

const seconds = ((performance.now() - started) / 1000).toFixed(1)
process.stdout.write(`prisma-generate: Prisma client generated in prisma/generated (offline, ${seconds} s)\n`)
