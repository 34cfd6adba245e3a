import type { Finding } from '../schema'
import type { RuleContext } from './types'

const instructions = [
  /ignore (?:all |any )?(?:the )?(?:previous|prior|above|earlier|preceding) (?:instructions?|prompts?|rules?|context)/i,
  /disregard (?:all |any )?(?:the )?(?:previous|prior|above|earlier|your) (?:instructions?|prompts?|rules?|guidelines)/i,
  /forget (?:all |any )?(?:your|the|previous) (?:instructions?|rules?)/i,
  /(?:rate|score|classify|mark|label|flag|consider|treat|assess|report) (?:this|the) (?:proposal|action|transaction|change)s? (?:as )?(?:\w+ )?(?:low[- ]risk|safe|benign|harmless|0\b)/i,
  /(?:risk ?score|risk level|riskScore)\s*(?:should|must|=|:|is)\s*(?:be\s*)?(?:0|zero|low|minimal|none)\b/i,
  /\b(?:you are|act as|you're) (?:now )?(?:a|an|the) (?:\w+ ){0,3}(?:assistant|analyst|auditor|model|ai)\b/i,
  /(?:note|message|instructions?) (?:to|for) (?:the )?(?:ai|llm|model|analy[sz]er|analyst|auditor|summari[sz]er|gpt|assistant)/i,
  /(?:do not|don't|never) (?:flag|report|mention|warn|raise)/i,
  /\bsystem prompt\b|<\|im_start\|>|<\|system\|>|\[\/?INST\]|^\s*(?:system|assistant)\s*:/im,
  /new instructions?:/i,
]

const hidden = [
  { pattern: /[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]/u, what: 'invisible Unicode characters' },
  { pattern: /<!--[\s\S]*?-->/, what: 'an HTML comment hidden from readers' },
]

/**
 * Text written to instruct the analyst instead of informing voters. A proposal that talks to the
 * AI is trying to get past review: that is a finding in itself, never a command.
 * Motivation: AI summaries on governance forums read the body verbatim (Snapshot's summary put
 * it in the system prompt); hidden instructions in text are the standard prompt-injection route.
 */
export function promptInjection({ input }: RuleContext): Finding[] {
  const text = `${input.title}\n${input.body}`
  const findings: Finding[] = []
  const hits = instructions.map((pattern) => text.match(pattern)?.[0]).filter((hit): hit is string => Boolean(hit))
  if (hits.length > 0) {
    findings.push({
      rule: 'prompt-injection',
      severity: 'high',
      message: 'The text tries to instruct the analyst (prompt injection); the instructions were ignored.',
      evidence: hits.map((hit) => `“${hit.trim().slice(0, 120)}”`).join(', '),
    })
  }
  for (const { pattern, what } of hidden) {
    const hit = text.match(pattern)?.[0]
    if (!hit) continue
    const escaped = [...hit.slice(0, 80)].map((ch) => (/[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]/u.test(ch) ? `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}` : ch)).join('')
    const hiddenInjection = what.startsWith('an HTML') && instructions.some((p) => p.test(hit))
    findings.push({
      rule: 'prompt-injection',
      severity: hiddenInjection ? 'high' : 'medium',
      message: `The text contains ${what}: what voters see is not all the text says.`,
      evidence: escaped,
    })
  }
  return findings
}
