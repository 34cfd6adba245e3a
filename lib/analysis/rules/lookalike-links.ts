import type { Finding } from '../schema'
import type { RuleContext } from './types'

/** Domains DAO members are sent to; a link that is almost one of these is a phishing link. */
const trusted = [
  'uniswap.org', 'compound.finance', 'aave.com', 'snapshot.org', 'tally.xyz', 'etherscan.io', 'github.com',
  'tornado.cash', 'curve.fi', 'lido.fi', 'makerdao.com', 'sky.money', 'arbitrum.foundation', 'arbitrum.io',
  'optimism.io', 'ens.domains', 'safe.global', 'gnosis.io', 'openzeppelin.com', 'chainsecurity.com',
  'trailofbits.com', 'spearbit.com', 'code4rena.com', 'immunefi.com', 'coingecko.com', 'coinmarketcap.com',
  'discord.com', 'discord.gg', 'twitter.com', 'x.com', 'medium.com', 'mirror.xyz', 'gitcoin.co',
  'balancer.fi', 'sushi.com', 'yearn.fi', 'frax.finance', 'bean.money', 'audius.org', 'ethereum.org',
]

/** Characters that pass for others in a URL. */
const confusables: Record<string, string> = { '0': 'o', '1': 'l', '3': 'e', '5': 's', 'і': 'i', 'о': 'o', 'а': 'a', 'е': 'e', 'р': 'p', 'с': 'c', 'ѕ': 's', 'ԁ': 'd', 'ɡ': 'g', 'ӏ': 'l' }

function skeleton(domain: string): string {
  return [...domain.replace(/rn/g, 'm').replace(/vv/g, 'w')].map((ch) => confusables[ch] ?? ch).join('').replace(/-/g, '')
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1))
      previous = current
    }
  }
  return row[b.length]!
}

/** The registrable part: `gov.uniswap.org` → `uniswap.org` (good enough for two-label suffixes). */
function registrable(host: string): string {
  const labels = host.split('.')
  const twoLevel = /^(co|com|org|net|gov)\.[a-z]{2}$/.test(labels.slice(-2).join('.'))
  return labels.slice(twoLevel ? -3 : -2).join('.')
}

const urlPattern = /\bhttps?:\/\/[^\s<>()"'`\]]+|\b(?:[a-z0-9\u00a1-\uffff-]+\.)+(?:org|com|io|xyz|fi|finance|cash|money|global|foundation|domains|gg|co|app|net)\b/giu

/**
 * Links to look-alike domains (`uniswap-gov.org`, `cornpound.finance`, punycode), and markdown
 * links whose text shows one domain while the link goes to another.
 * Motivation: fake "claim" and "governance" sites copying Uniswap, Arbitrum and Compound have
 * drained voters who followed links from proposal text since 2021.
 */
export function lookalikeLinks({ input }: RuleContext): Finding[] {
  const findings: Finding[] = []
  const seen = new Set<string>()
  for (const match of input.body.matchAll(urlPattern)) {
    let host: string
    try {
      host = new URL(match[0].startsWith('http') ? match[0] : `https://${match[0]}`).hostname.toLowerCase()
    } catch {
      continue
    }
    const raw = match[0].replace(/^https?:\/\//i, '').split(/[/?#:]/)[0]!.toLowerCase()
    const domain = registrable(raw)
    if (seen.has(domain) || trusted.includes(domain)) continue
    seen.add(domain)
    const punycode = host.split('.').some((label) => label.startsWith('xn--')) || /[^\x00-\x7f]/.test(raw)
    const lookalike = trusted.find((good) => {
      const goodName = good.split('.')[0]!
      const name = domain.split('.')[0]!
      return (
        skeleton(domain) === skeleton(good) ||
        (goodName.length >= 5 && name !== goodName && (distance(skeleton(name), goodName) <= (goodName.length >= 8 ? 2 : 1) || (name.includes(goodName) && /gov|claim|airdrop|vote|dao|app|official|snapshot|-/.test(name))))
      )
    })
    if (lookalike || punycode) {
      findings.push({
        rule: 'lookalike-links',
        severity: 'high',
        message: `The text links to ${raw}${lookalike ? `, which imitates ${lookalike}` : ', an internationalised (punycode) domain that can imitate another'}.`,
        evidence: match[0],
      })
    }
  }
  for (const link of input.body.matchAll(/\[([^\]]+)\]\((https?:\/\/[^)\s]+)\)/g)) {
    const shown = link[1]!.match(/(?:https?:\/\/)?((?:[a-z0-9-]+\.)+[a-z]{2,})/i)?.[1]
    if (!shown) continue
    const actual = new URL(link[2]!).hostname.toLowerCase()
    if (registrable(shown.toLowerCase()) !== registrable(actual)) {
      findings.push({ rule: 'lookalike-links', severity: 'high', message: `A link shows ${shown} but goes to ${actual}.`, evidence: link[0] })
    }
  }
  return findings
}
