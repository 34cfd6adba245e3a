/** `arbor tally` as people run it: the real bin in a child process, ballots in a temporary file. */
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const bin = path.resolve('scripts/arbor.js')
let dir: string

function arbor(ballots: unknown, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const file = path.join(dir, `ballots-${Math.random().toString(36).slice(2)}.json`)
  writeFileSync(file, typeof ballots === 'string' ? ballots : JSON.stringify(ballots))
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, 'tally', ...args, file], { encoding: 'utf8' }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr })
    })
  })
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'arbor-tally-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('arbor tally', () => {
  it("prints Snapshot's quadratic example exactly: 5.4 vs 9.6 of 15", async () => {
    const run = await arbor(
      [
        { voter: 'a', power: '9', choice: { 1: 1 } },
        { voter: 'b', power: '4', choice: { 2: 1 } },
        { voter: 'c', power: '1', choice: { 2: 1 } },
        { voter: 'd', power: '1', choice: { 2: 1 } },
      ],
      '--type', 'quadratic',
    )
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(run.stdout).toBe('{"scores":[5.4,9.6],"total":15,"winner":2}\n')
  })

  it('prints every ranked-choice round and the tie-break it used', async () => {
    const run = await arbor(
      [
        { voter: 'a', power: '5', choice: [1] },
        { voter: 'b', power: '5', choice: [2, 1] },
        { voter: 'c', power: '5', choice: [3] },
      ],
      '--type', 'ranked-choice', '--choices', '3',
    )
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout)).toEqual({
      scores: [5, 5, 0],
      total: 15,
      rounds: [[5, 5, 5], [5, 5, 0]],
      winner: 1,
      tieBreak: [
        { position: 'bottom', round: 1, tied: [1, 2, 3], chosen: 3, rule: 'choice-index' },
        { position: 'top', round: 2, tied: [1, 2], chosen: 1, rule: 'choice-index' },
      ],
    })
  })

  it('keeps wei-sized powers exact and honours --max-picks and --quorum', async () => {
    const approval = await arbor(
      [{ voter: 'a', power: '953500000000000000000001', choice: [1, 2] }, { voter: 'b', power: '0.000000000000000001', choice: [2] }],
      '--type', 'approval', '--choices', '3', '--max-picks', '2',
    )
    expect(approval.stdout).toBe('{"scores":[953500000000000000000001,953500000000000000000001.000000000000000001,0],"total":953500000000000000000001.000000000000000001,"winner":2}\n')
    const basic = await arbor([{ voter: 'a', power: '40', choice: 1 }, { voter: 'b', power: '30', choice: 2 }], '--type', 'basic', '--quorum', '50')
    expect(JSON.parse(basic.stdout)).toEqual({ scores: [40, 30, 0], total: 70, winner: null, quorumReached: false, passed: false })
  })

  it('names the bad ballot, and usage mistakes exit 2', async () => {
    const tooMany = await arbor([{ voter: 'a', power: '1', choice: [1, 2, 3] }], '--type', 'approval', '--choices', '3', '--max-picks', '2')
    expect(tooMany.code).toBe(1)
    expect(tooMany.stderr).toMatch(/ballot 0: at most 2 choices/)
    const hexPower = await arbor([{ voter: 'a', power: '0x10', choice: 1 }], '--type', 'single-choice')
    expect(hexPower.code).toBe(1)
    expect(hexPower.stderr).toMatch(/ballot 0: power must be a decimal string/)
    const badType = await arbor([], '--type', 'borda')
    expect(badType.code).toBe(2)
    expect(badType.stderr).toMatch(/--type must be one of basic, single-choice/)
  })
})
