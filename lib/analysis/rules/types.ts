import type { AddressBook } from '../address-book'
import type { FundMovement } from '../list-fund-movements'
import type { DecodedAction, Finding, ProposalInput, SimulationReport } from '../schema'

/** What every rule sees: the proposal, its decoded actions (flattened, nested calls included), and facts drawn from them. */
export type RuleContext = {
  input: ProposalInput
  actions: DecodedAction[]
  movements: FundMovement[]
  book: AddressBook
  simulation?: SimulationReport
}

/** A deterministic check: pure, total (never throws on odd input), and explained by a past incident. */
export type Rule = (context: RuleContext) => Finding[]
