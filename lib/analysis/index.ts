export { analyzeOffline } from './analyze-offline'
export type { AnalyzeOfflineParameters } from './analyze-offline'
export { analyzeProposal } from './analyze-proposal'
export type { AnalyzeProposalOptions, AnalyzeProposalReturnType } from './analyze-proposal'
export { analyzeWithOpenAI, systemPrompt, userMessage } from './analyze-with-openai'
export type { AnalyzeWithOpenAIParameters, AnalyzeWithOpenAIReturnType } from './analyze-with-openai'
export { ANALYST_VERSION, hashProposalContent } from './content-hash'
export { decodeActions } from './decode-actions'
export type { DecodeActionsParameters } from './decode-actions'
export { InvalidProposalError, ModelAnalysisError, SimulationError } from './errors'
export { flattenActions } from './flatten-actions'
export { parseProposal } from './parse-proposal'
export { runRules } from './run-rules'
export { levelOf, scoreFindings } from './score-findings'
export { simulateActions } from './simulate-actions'
export type { SimulateActionsParameters, SimulateActionsReturnType } from './simulate-actions'
export { proposalInputSchema } from './schema'
export type {
  ActionKind,
  Analysis,
  DecodedAction,
  Finding,
  Level,
  ProposalInput,
  ProposalInputParameters,
  Severity,
  SimulationReport,
} from './schema'
