import type { Finding } from '../schema'
import type { RuleContext } from './types'

const hour = 3600
const day = 24 * hour
const fundsOrPower = ['transfer', 'approve', 'mint', 'ownership', 'role', 'upgrade', 'initialize', 'native-transfer', 'delegatecall', 'governance-setting']

function duration(seconds: number): string {
  if (seconds < 120) return `${seconds} s`
  if (seconds < 2 * hour) return `${Math.round(seconds / 60)} min`
  if (seconds < 2 * day) return `${Math.round(seconds / hour)} h`
  return `${Math.round(seconds / day)} days`
}

/**
 * Too little time for anyone to notice: a short voting delay or period, no timelock on a proposal
 * that moves funds or power, and proposals that shorten these windows for the next one.
 * Motivation: Audius (July 2022) set the voting period and execution delay to almost nothing
 * before its drain proposal; Beanstalk (April 2022) used an emergency path with no delay; the Build
 * Finance proposal passed while nobody was watching.
 */
export function governanceTiming({ input, actions }: RuleContext): Finding[] {
  const findings: Finding[] = []
  const { votingDelaySeconds: delay, votingPeriodSeconds: period, timelockSeconds: timelock } = input
  if (period !== undefined && period < day) {
    findings.push({ rule: 'governance-timing', severity: 'high', message: `The voting period is ${duration(period)}: too short for holders to review and react.`, evidence: `votingPeriodSeconds = ${period}` })
  } else if (period !== undefined && period < 3 * day) {
    findings.push({ rule: 'governance-timing', severity: 'low', message: `The voting period is ${duration(period)}, under the usual 3 to 7 days.`, evidence: `votingPeriodSeconds = ${period}` })
  }
  if (delay !== undefined && delay < hour) {
    findings.push({ rule: 'governance-timing', severity: 'medium', message: `Voting starts ${delay === 0 ? 'immediately' : `after ${duration(delay)}`}: votes can be bought or borrowed right before the snapshot.`, evidence: `votingDelaySeconds = ${delay}` })
  }
  const consequential = actions.some((action) => action.kinds.some((kind) => fundsOrPower.includes(kind)))
  if (consequential && (timelock === undefined || timelock === 0)) {
    findings.push({
      rule: 'governance-timing',
      severity: 'medium',
      message: timelock === 0 ? 'No timelock: the actions execute as soon as the vote passes, leaving no time to exit or veto.' : 'No timelock is declared for actions that move funds or power.',
      evidence: `timelockSeconds = ${timelock ?? 'unset'}`,
    })
  }
  for (const action of actions) {
    if (!action.kinds.includes('governance-setting')) continue
    const name = action.functionName ?? ''
    const value = Number(action.args[0]?.value ?? NaN)
    // Voting windows are in blocks or seconds depending on the governor: judge both readings.
    const shortWindow = /votingPeriod/i.test(name) && value < 7200
    const noDelay = /votingDelay/i.test(name) && value < 300
    const shortTimelock = /delay/i.test(name) && !/voting/i.test(name) && value < day
    const newTimelock = /updateTimelock/.test(name)
    const severe = shortWindow || noDelay || shortTimelock || newTimelock
    findings.push({
      rule: 'governance-timing',
      severity: severe ? 'high' : 'medium',
      message: newTimelock
        ? `Action ${action.index} replaces the timelock that executes proposals.`
        : `Action ${action.index} changes governance settings (${name} to ${action.args[0]?.value ?? '?'})${severe ? ', leaving too little time to react to future proposals' : ''}.`,
      evidence: `${action.signature} on ${action.target}`,
    })
  }
  return findings
}
