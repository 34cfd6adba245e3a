import type { ActionKind } from './schema'

// Order matters: `transferOwnership` is an ownership change before it is a transfer.
const patterns: [ActionKind, RegExp][] = [
  ['destroy', /selfdestruct|suicide|^kill$|destroy/i],
  ['delegatecall', /delegatecall|^executeProposal$/i],
  ['upgrade', /upgrade|implementation|diamondCut|masterCopy|setLogic/i],
  ['initialize', /^_?init(ialize)?([A-Z_]|$)|reinitiali[sz]e/],
  ['ownership', /ownership|owner|admin|guardian|governance$|setGov/i],
  ['role', /role|minter|setMinter|threshold|enableModule|setGuard|setFallbackHandler|whitelist|allowlist|setOperator|authori[sz]e/i],
  ['governance-setting', /votingDelay|votingPeriod|proposalThreshold|quorum|updateDelay|^_?setDelay$|updateTimelock/i],
  ['batch', /multicall|aggregate|multiSend|execTransaction|executeBatch|scheduleBatch|^batch|^schedule$|^execute$|queueTransaction|executeTransaction|^relay$/i],
  ['mint', /mint/i],
  ['approve', /approv|allowance|^permit$/i],
  ['transfer', /transfer|^send|withdraw|sweep|rescue|_grantComp|^grant$|payout|^pay|disburse|drain/i],
  ['pause', /pause/i],
  ['oracle', /oracle|priceFeed|setPrice/i],
  ['parameter', /^_?set|^update|factor|rate/i],
]

/** What a function name suggests it does, for built-in and caller-given signatures alike. */
export function classifyFunction(name: string): ActionKind[] {
  const kinds = patterns.filter(([, pattern]) => pattern.test(name)).map(([kind]) => kind)
  // Specific kinds win over the catch-all `parameter`.
  const specific = kinds.filter((kind) => kind !== 'parameter')
  return specific.length ? specific.slice(0, 1) : kinds.length ? ['parameter'] : []
}
