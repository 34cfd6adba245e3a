import { flattenActions } from './flatten-actions'
import type { DecodedAction, Finding, ProposalInput } from './schema'

export type OfflineSummary = { tldr: string; bullets: string[] }

// Sentences that talk to the analyst are not quoted back as if they were the proposal's content.
const instructionLike = /ignore|disregard|instruction|analy[sz]|\bAI\b|\bLLM\b|risk ?score|rate this|system prompt/i

/** The body as plain lines: one per paragraph (soft-wrapped lines joined), heading or list item. */
function plain(markdown: string): string[] {
  const text = markdown
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, ' ')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]/gu, '')
  const lines: string[] = []
  let continues = false
  for (const raw of text.split('\n')) {
    const blockStart = /^\s*(#{1,6}|[-*+]|\d+\.|>)\s+/.test(raw)
    const line = raw.replace(/^\s*(#{1,6}|[-*+]|\d+\.|>)\s*/, '').replace(/[*_`]/g, '').trim()
    if (line.length === 0) {
      continues = false
      continue
    }
    if (continues && !blockStart) lines[lines.length - 1] += ` ${line}`
    else lines.push(line)
    continues = !/^\s*#{1,6}\s/.test(raw)
  }
  return lines
}

/** Up to `count` sentences from the body, in order: the first of each paragraph or item first. */
function extract(body: string, count: number): string[] {
  const lines = plain(body).filter((line) => !/^(summary|why|motivation|background|specification|abstract|overview|rationale)$/i.test(line))
  const sentences = lines.map((line) => line.split(/(?<=[.!?])\s+/)[0]!).filter((s) => s.length >= 12 && !instructionLike.test(s))
  return sentences.slice(0, count).map((s) => (s.length > 240 ? `${s.slice(0, 237)}…` : s))
}

/**
 * The offline analyst's summary: the proposal's own sentences, quoted, then one plain line per
 * decoded action. It writes nothing a model would: no judgement beyond the rule findings.
 */
export function summarizeOffline(input: Pick<ProposalInput, 'title' | 'body'>, actions: DecodedAction[], findings: Finding[]): OfflineSummary {
  const flat = flattenActions(actions)
  const quoted = extract(input.body, 3).map((sentence) => `The proposal says: “${sentence}”`)
  const lines = flat.map((action) => `Action ${action.index}: ${action.description}`)
  const serious = findings.filter((finding) => finding.severity === 'high' || finding.severity === 'critical')
  const count = actions.length === 0 ? 'no on-chain actions (text only)' : `${actions.length} on-chain action${actions.length > 1 ? 's' : ''}${flat.length > actions.length ? ` (${flat.length} calls with nested ones)` : ''}`
  const tldr = `“${input.title.trim() || '(untitled)'}”: ${count}.${serious.length ? ` ${serious.length} serious finding${serious.length > 1 ? 's' : ''}: ${serious[0]!.message}` : ''}`
  return { tldr, bullets: [...quoted, ...lines.slice(0, 12), ...(lines.length > 12 ? [`…and ${lines.length - 12} more calls.`] : [])] }
}
