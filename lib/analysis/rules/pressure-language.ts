import type { Finding } from '../schema'
import type { RuleContext } from './types'

const pressure = [
  /vote (?:quickly|fast|now|asap|immediately)/i,
  /(?:the )?window is (?:short|closing)/i,
  /\burgent(?:ly)?\b/i,
  /no time to (?:review|audit|discuss)/i,
  /before it'?s too late/i,
  /act (?:now|fast|immediately)/i,
  /(?:skip|bypass) (?:the )?(?:review|audit|discussion|forum)/i,
]

/**
 * Pressure to vote before reading: urgency is how thin-review proposals pass.
 * Motivation: the Beanstalk and Build Finance proposals passed within a day, with voters told
 * there was no time; the demo's malicious proposal says "please vote quickly".
 */
export function pressureLanguage({ input }: RuleContext): Finding[] {
  const text = `${input.title}\n${input.body}`
  const hits = pressure.map((pattern) => text.match(pattern)?.[0]).filter((hit): hit is string => Boolean(hit))
  if (hits.length === 0) return []
  return [{ rule: 'pressure-language', severity: 'low', message: 'The text pressures voters to decide quickly.', evidence: hits.map((hit) => `“${hit}”`).join(', ') }]
}
