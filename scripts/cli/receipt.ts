/**
 * `arbor receipt verify receipt.json --rpc URL`: checks a vote receipt (the receipt page's download,
 * or `GET /api/votes/[id]/receipt`) against `ArborSettlement` on the chain at URL, with
 * `lib/governance/settlement/verify-vote-receipt.ts`, the page's own check. No database, no Arbor
 * API: the leaf is recomputed from the vote, the proof walked, the root read from the chain.
 * Prints each check to stdout, the verdict last, then one JSON line with `--json`.
 * Exit 0: verified (counted, or accepted in an on-chain checkpoint); 1: not verified or bad file;
 * 2: usage. `-` reads stdin.
 */
import { readFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { createPublicClient, http } from 'viem'
import { z } from 'zod'
import { verifyVoteReceipt, voteReceiptSchema } from '../../lib/governance/settlement/verify-vote-receipt'

const USAGE = 'Usage: arbor receipt verify <receipt.json|-> --rpc URL [--json]'

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

export async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  if (command !== 'verify') {
    process.stderr.write(`${command && command !== '--help' ? `Unknown command: receipt ${command}\n` : ''}${USAGE}\n`)
    return command === undefined || command === '--help' ? 0 : 2
  }
  let parsed
  try {
    parsed = parseArgs({ args: rest, allowPositionals: true, options: { rpc: { type: 'string' }, json: { type: 'boolean' } } })
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`)
    return 2
  }
  const { values, positionals } = parsed
  if (positionals.length !== 1) {
    process.stderr.write(`${positionals.length === 0 ? 'missing receipt file' : 'one receipt file at a time'}\n${USAGE}\n`)
    return 2
  }
  const rpc = values.rpc
  if (!rpc || !z.url({ protocol: /^https?$/ }).safeParse(rpc).success) {
    process.stderr.write(`--rpc must be an http(s) URL${rpc ? `, not ${rpc}` : ''}\n${USAGE}\n`)
    return 2
  }
  const file = positionals[0]!
  let input: unknown
  try {
    input = JSON.parse(file === '-' ? await readStdin() : await readFile(file, 'utf8'))
  } catch (error) {
    process.stderr.write(`cannot read ${file} as JSON: ${error instanceof Error ? error.message : String(error)}\n`)
    return 1
  }
  const receipt = voteReceiptSchema.safeParse(input)
  if (!receipt.success) {
    const issue = receipt.error.issues[0]!
    process.stderr.write(`${file} is not a vote receipt: ${issue.path.join('.') || '(root)'}: ${issue.message}\n`)
    return 1
  }
  try {
    const client = createPublicClient({ transport: http(rpc, { retryCount: 1 }) })
    const result = await verifyVoteReceipt(receipt.data, { client, rpc })
    const { vote } = receipt.data
    process.stdout.write(`vote      ${vote.id}\nvoter     ${vote.voter}\nproposal  ${vote.proposalId} (on-chain id ${vote.onChainProposalId})\nstatus    ${receipt.data.status}\n`)
    for (const step of result.steps) process.stdout.write(`${step.ok === null ? '·' : step.ok ? '✓' : '✗'} ${step.check}: ${step.detail}\n`)
    process.stdout.write(`${result.verified ? 'VERIFIED' : 'NOT VERIFIED'}: ${result.summary}\n`)
    if (result.verifyMs !== undefined) process.stdout.write(`verification took ${result.verifyMs.toFixed(2)} ms after the root was read\n`)
    if (values.json) process.stdout.write(`${JSON.stringify(result, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}\n`)
    return result.verified ? 0 : 1
  } catch (error) {
    process.stderr.write(`could not verify against ${rpc}: ${error instanceof Error ? ((error as { shortMessage?: string }).shortMessage ?? error.message) : String(error)}\n`)
    return 1
  }
}
