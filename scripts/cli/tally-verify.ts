/**
 * `arbor tally verify export.json --rpc URL`: audits a settled proposal's export
 * (`GET /api/proposals/<id>/audit`, lib/governance/settlement/export-settled-proposal.ts) with no
 * database: recomputes each leaf, walks each proof, rebuilds the votes root, recomputes the tally
 * from the ballots with the pure `tally` and its hash, the outcome and the actions hash, then reads
 * `ArborSettlement.proposalResult` through `--rpc` and compares. Votes that came through the intake
 * carry their signed `Vote`: its EIP-712 hash must be the vote's id and it must cast the ballot;
 * `--signatures` also recovers every signer (a few ms a vote). One line per check, PASS or FAIL;
 * exit 0 when all pass, 1 on any mismatch, 2 on usage mistakes. `--json` prints the checks as JSON.
 * Without `--rpc` (or RPC_URL) only the offline checks run, and the exit is 1 (nothing on chain was
 * checked).
 */
import { readFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { createPublicClient, http } from 'viem'
import type { SettledProposalExport } from '../../lib/governance/settlement/export-settled-proposal'
import { checkSettledExport, checkSettledExportOnChain, checkSettledExportSignatures, type ExportCheck } from '../../lib/governance/settlement/verify-settled-export'

const USAGE = 'Usage: arbor tally verify export.json --rpc URL [--signatures] [--json]'

export async function runVerify(argv: string[]): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { rpc: { type: 'string' }, signatures: { type: 'boolean' }, json: { type: 'boolean' }, help: { type: 'boolean' } } })
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
    process.stderr.write(`${positionals.length === 0 ? 'missing export file' : 'one export file at a time'}\n${USAGE}\n`)
    return 2
  }
  let rpc: URL | undefined
  if (values.rpc !== undefined) {
    try {
      rpc = new URL(values.rpc)
    } catch {
      process.stderr.write(`--rpc must be a URL, not ${values.rpc}\n${USAGE}\n`)
      return 2
    }
  }
  const file = positionals[0]!
  let exported: SettledProposalExport
  try {
    exported = JSON.parse(await readFile(file, 'utf8')) as SettledProposalExport
    if (typeof exported !== 'object' || exported === null || !Array.isArray(exported.votes) || !exported.proposal || !exported.result || !exported.settlement) {
      throw new Error('not a settled-proposal export (expected format, proposal, settlement, result, votes)')
    }
  } catch (error) {
    process.stderr.write(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}\n`)
    return 1
  }
  const started = performance.now()
  const checks: ExportCheck[] = checkSettledExport(exported)
  if (values.signatures) checks.push(await checkSettledExportSignatures(exported))
  if (rpc) {
    const client = createPublicClient({ transport: http(rpc.toString(), { retryCount: 1 }) })
    try {
      checks.push(...(await checkSettledExportOnChain(exported, client)))
    } catch (error) {
      checks.push({ name: 'on-chain result', ok: false, detail: `${rpc}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}` })
    }
  } else {
    checks.push({ name: 'on-chain result', ok: false, detail: 'not checked: pass --rpc URL to compare with ArborSettlement' })
  }
  const ok = checks.every((check) => check.ok)
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ ok, proposalId: exported.proposal.id, checks })}\n`)
  } else {
    process.stdout.write(`proposal ${exported.proposal.id} (${exported.votes.length} votes), ArborSettlement ${exported.settlement.address} on chain ${exported.settlement.chainId}\n`)
    for (const check of checks) process.stdout.write(`${check.ok ? 'PASS' : 'FAIL'}  ${check.name}: ${check.detail}\n`)
    process.stdout.write(`${ok ? 'PASS' : 'FAIL'}: ${checks.filter((c) => !c.ok).length} of ${checks.length} checks failed (${Math.round(performance.now() - started)} ms)\n`)
  }
  return ok ? 0 : 1
}
