#!/usr/bin/env node
// The `arbor` command: a thin CLI over lib/. TypeScript runs through tsx, so no build step is needed.
import { register } from 'tsx/esm/api'

register()
const { main } = await import('./cli/main.ts')
process.exitCode = await main(process.argv.slice(2))
