import { createAddressBook } from './address-book'
import { flattenActions } from './flatten-actions'
import { listFundMovements } from './list-fund-movements'
import {
  addressWiring,
  delegatecall,
  governanceTiming,
  lookalikeLinks,
  pressureLanguage,
  privilegedChange,
  promptInjection,
  proposerPower,
  recipients,
  simulationResults,
  textMismatch,
  treasuryOutflow,
  unknownTargets,
  wiredCode,
  type Rule,
} from './rules'
import { severities, type DecodedAction, type Finding, type ProposalInput, type SimulationReport } from './schema'

export const rules: readonly Rule[] = [
  treasuryOutflow,
  privilegedChange,
  delegatecall,
  governanceTiming,
  proposerPower,
  recipients,
  unknownTargets,
  addressWiring,
  textMismatch,
  lookalikeLinks,
  promptInjection,
  pressureLanguage,
  simulationResults,
  wiredCode,
]

export type RunRulesParameters = { input: ProposalInput; actions: DecodedAction[]; simulation?: SimulationReport }

/** Runs every rule over the decoded proposal; findings come back most severe first. */
export function runRules({ input, actions, simulation }: RunRulesParameters): Finding[] {
  const flat = flattenActions(actions)
  const context = { input, actions: flat, movements: listFundMovements(flat), book: createAddressBook(input), simulation }
  const findings = rules.flatMap((rule) => rule(context))
  return findings
    .map((finding, order) => ({ finding, order }))
    .sort((a, b) => severities.indexOf(b.finding.severity) - severities.indexOf(a.finding.severity) || a.order - b.order)
    .map(({ finding }) => finding)
}
