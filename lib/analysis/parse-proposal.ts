import { InvalidProposalError } from './errors'
import { proposalInputSchema, type ProposalInput } from './schema'

/** Validates a proposal; throws `InvalidProposalError` naming the first bad field (`actions.0.calldata`). */
export function parseProposal(value: unknown): ProposalInput {
  const result = proposalInputSchema.safeParse(value)
  if (result.success) return result.data
  const issues = result.error.issues.map((issue) => ({
    field: issue.path.length ? issue.path.join('.') : '(root)',
    message: issue.message,
  }))
  const first = issues[0]!
  throw new InvalidProposalError(first.field, first.message, issues)
}
