import { ANALYST_VERSION, hashProposalContent } from './content-hash'
import { decodeActions } from './decode-actions'
import { runRules } from './run-rules'
import type { Analysis, Finding, ProposalInput, SimulationReport } from './schema'
import { levelOf, scoreFindings } from './score-findings'
import { summarizeOffline } from './summarize-offline'

export type AnalyzeOfflineParameters = {
  input: ProposalInput
  simulation?: SimulationReport
  /** Findings from outside the rules (a failed simulation), counted like rule findings. */
  extraFindings?: Finding[]
}

/** The deterministic analysis: decode, rules, floor score, extractive summary. Pure and synchronous. */
export function analyzeOffline({ input, simulation, extraFindings = [] }: AnalyzeOfflineParameters): Analysis {
  const actions = decodeActions(input)
  const findings = [...runRules({ input, actions, simulation }), ...extraFindings]
  const ruleFloor = scoreFindings(findings)
  return {
    summary: summarizeOffline(input, actions, findings),
    riskScore: ruleFloor,
    level: levelOf(ruleFloor),
    findings,
    actions,
    provider: 'offline',
    ...(simulation ? { simulation } : {}),
    ruleFloor,
    analystVersion: ANALYST_VERSION,
    contentHash: hashProposalContent(input),
  }
}
