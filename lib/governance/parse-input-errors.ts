import type { z } from 'zod'

/** A schema's issues by field path (`actions.0.value`), for forms that show each under its field; {} when valid. Browser-safe. */
export function parseGovernanceInputErrors(schema: z.ZodType, value: unknown): Record<string, string[]> {
  const result = schema.safeParse(value)
  if (result.success) return {}
  const errors: Record<string, string[]> = {}
  for (const issue of result.error.issues) (errors[issue.path.map(String).join('.') || 'body'] ??= []).push(issue.message)
  return errors
}
