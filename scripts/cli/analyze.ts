/**
 * `arbor analyze proposal.json [--provider offline|openai] [--rpc URL]`: prints the analysis as
 * one JSON object on stdout. `-` reads the proposal from stdin. Bad input exits 1 with the field
 * named on stderr; usage mistakes exit 2.
 */
import { readFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { analyzeProposal, InvalidProposalError } from '../../lib/analysis'
import { BaseError } from '../../lib/errors'

const USAGE = 'Usage: arbor analyze proposal.json [--provider offline|openai] [--rpc URL] [--pretty]'

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

export async function run(argv: string[]): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { provider: { type: 'string' }, rpc: { type: 'string' }, pretty: { type: 'boolean' }, help: { type: 'boolean' } },
    })
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`)
    return 2
  }
  const { values, positionals } = parsed
  if (values.help) {
    process.stdout.write(`${USAGE}\n`)
    return 0
  }
  if (positionals.length !== 1) {
    process.stderr.write(`${positionals.length === 0 ? 'missing proposal file' : 'one proposal file at a time'}\n${USAGE}\n`)
    return 2
  }
  if (values.provider !== undefined && values.provider !== 'offline' && values.provider !== 'openai') {
    process.stderr.write(`--provider must be offline or openai, not ${values.provider}\n${USAGE}\n`)
    return 2
  }
  const file = positionals[0]!
  let proposal: unknown
  try {
    const text = file === '-' ? await readStdin() : await readFile(file, 'utf8')
    proposal = JSON.parse(text)
  } catch (error) {
    process.stderr.write(`cannot read ${file} as JSON: ${error instanceof Error ? error.message : String(error)}\n`)
    return 1
  }
  try {
    const analysis = await analyzeProposal(proposal, {
      provider: values.provider as 'offline' | 'openai' | undefined,
      rpcUrl: values.rpc,
      log: (message) => process.stderr.write(`${message}\n`),
    })
    process.stdout.write(`${JSON.stringify(analysis, null, values.pretty ? 2 : undefined)}\n`)
    return 0
  } catch (error) {
    if (error instanceof InvalidProposalError) {
      process.stderr.write(`${error.message}\n`)
      return 1
    }
    if (error instanceof BaseError) {
      process.stderr.write(`${error.name}: ${error.message}\n`)
      return 1
    }
    throw error
  }
}
