/**
 * `arbor <group> <command> [options]`. Each group lives in its own module and exports `run(argv)`,
 * resolving to the process exit code.
 */
type Group = { summary: string; load: () => Promise<{ run: (argv: string[]) => Promise<number> }> }

const groups: Record<string, Group> = {
  campaign: { summary: 'export a campaign: its OpenZeppelin dump, proof chunks and content hash', load: () => import('./campaign') },
  analyze: { summary: 'summarize and risk-score a governance proposal (offline or OpenAI)', load: () => import('./analyze') },
  receipt: { summary: 'verify a vote receipt against ArborSettlement on any RPC (no database)', load: () => import('./receipt') },
  relay: { summary: 'settle pending gasless claims on chain with claimMany (the relayer)', load: () => import('./relay') },
  settle: { summary: 'checkpoint intake batches and settle ended proposals on ArborSettlement', load: () => import('./settle') },
  tally: { summary: 'tally ballots by voting type, exactly; audit a settled proposal (tally verify)', load: () => import('./tally') },
  tree: { summary: 'build, verify and prove Merkle trees (OpenZeppelin-compatible)', load: () => import('./tree') },
}

function usage(): string {
  const lines = Object.entries(groups).map(([name, group]) => `  arbor ${name.padEnd(10)} ${group.summary}`)
  return ['Usage:', ...lines].join('\n')
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv
  const group = name === undefined ? undefined : groups[name]
  if (!group) {
    process.stderr.write(`${name && name !== '--help' ? `Unknown command: ${name}\n` : ''}${usage()}\n`)
    return name === undefined || name === '--help' ? 0 : 2
  }
  const { run } = await group.load()
  return run(rest)
}
