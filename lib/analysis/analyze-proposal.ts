import OpenAI from 'openai'
import { env } from '@/lib/env'
import { analyzeOffline } from './analyze-offline'
import { analyzeWithOpenAI } from './analyze-with-openai'
import { decodeActions } from './decode-actions'
import { parseProposal } from './parse-proposal'
import type { Analysis, Finding, ProposalInput, ProposalInputParameters, SimulationReport } from './schema'
import { levelOf, scoreFindings } from './score-findings'
import { simulateActions } from './simulate-actions'

export type AnalyzeProposalOptions = {
  /** Default: `openai` when an API key is configured, else `offline`. */
  provider?: 'offline' | 'openai'
  /** Simulate the actions on an anvil fork of this chain. */
  rpcUrl?: string
  /** Overrides of OPENAI_API_KEY / OPENAI_BASE_URL / OPENAI_MODEL, or a ready client. */
  openai?: { apiKey?: string; baseURL?: string; model?: string; timeoutMs?: number; maxRetries?: number; client?: OpenAI }
  /** Where fallbacks and simulation failures are logged. Default: console.warn (stderr). */
  log?: (message: string) => void
}

export type AnalyzeProposalReturnType = Analysis

/**
 * The analyst: validates the proposal (throws `InvalidProposalError` naming the field), decodes
 * and simulates its actions, runs the rules, and lets OpenAI write the summary when asked and
 * configured. The model can raise the score, never lower it below the rules' floor; any model
 * failure falls back to the offline summary, marked in `fallback` and logged.
 */
export async function analyzeProposal(proposal: ProposalInputParameters | unknown, options: AnalyzeProposalOptions = {}): Promise<AnalyzeProposalReturnType> {
  const input: ProposalInput = parseProposal(proposal)
  const log = options.log ?? ((message: string) => console.warn(message))
  const apiKey = options.openai?.apiKey ?? env.OPENAI_API_KEY
  const provider = options.provider ?? (apiKey || options.openai?.client ? 'openai' : 'offline')

  let simulation: SimulationReport | undefined
  const extraFindings: Finding[] = []
  if (options.rpcUrl) {
    try {
      simulation = await simulateActions({ rpcUrl: options.rpcUrl, input, actions: decodeActions(input) })
    } catch (error) {
      const reason = error instanceof Error ? error.message.split('\n')[0]! : String(error)
      log(`analysis: simulation failed: ${reason}`)
      extraFindings.push({ rule: 'simulation', severity: 'info', message: 'The actions could not be simulated on a fork.', evidence: reason })
    }
  }
  const offline = analyzeOffline({ input, simulation, extraFindings })
  if (provider === 'offline') return offline

  const model = options.openai?.model ?? env.OPENAI_MODEL
  const client =
    options.openai?.client ??
    (apiKey
      ? new OpenAI({
          apiKey,
          baseURL: options.openai?.baseURL ?? env.OPENAI_BASE_URL,
          timeout: options.openai?.timeoutMs ?? 30_000,
          maxRetries: options.openai?.maxRetries ?? 2,
        })
      : undefined)
  if (!client) {
    const reason = 'OPENAI_API_KEY is not set'
    log(`analysis: openai unavailable (${reason}); offline analysis shown`)
    return { ...offline, fallback: { from: 'openai', reason } }
  }
  try {
    const { verdict, model: answeredBy } = await analyzeWithOpenAI(client, { input, actions: offline.actions, findings: offline.findings, model })
    const modelFindings: Finding[] = verdict.mismatches.map((m) => ({ rule: 'model-review', severity: m.severity, message: m.message, evidence: m.evidence }))
    // A verdict that the text misdescribes the actions is a finding even when the model lists no mismatch.
    if (!verdict.textMatchesActions && modelFindings.length === 0) {
      modelFindings.push({
        rule: 'model-review',
        severity: 'medium',
        message: 'The analyst judged that the proposal text does not describe what its actions do.',
        evidence: verdict.tldr,
      })
    }
    const modelScore = Math.max(verdict.riskScore, scoreFindings(modelFindings))
    const riskScore = Math.max(offline.ruleFloor, modelScore)
    return {
      ...offline,
      summary: { tldr: verdict.tldr, bullets: verdict.bullets },
      riskScore,
      level: levelOf(riskScore),
      findings: [...offline.findings, ...modelFindings],
      provider: 'openai',
      model: answeredBy,
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    log(`analysis: openai failed (${reason}); offline analysis shown`)
    return { ...offline, fallback: { from: 'openai', reason } }
  }
}
