/**
 * `arbor analyze` on the labelled dataset: every malicious proposal at high or above, benign
 * ones mostly below; the real bin in a child process for the exit-code contract.
 */
import { execFile } from 'node:child_process'
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { childProcessEnv } from '@/lib/env'
import { run } from '@/scripts/cli/analyze'

const bin = path.resolve('scripts/arbor.js')
const dataset = path.resolve('bench/analysis/proposals')
const labels = JSON.parse(readFileSync('bench/analysis/labels.json', 'utf8')) as Record<string, { label: string }>
const files = readdirSync(dataset).filter((f) => f.endsWith('.json')).sort()

// Until scripts/cli/main.ts registers the group, the module is run the way the bin would run it.
const registered = readFileSync('scripts/cli/main.ts', 'utf8').includes("import('./analyze')")
const command = registered
  ? [bin, 'analyze']
  : ['--import', 'tsx', '--input-type=module', '-e', "const { run } = await import('./scripts/cli/analyze.ts'); process.exitCode = await run(process.argv.slice(1))"]

function arbor(args: string[], input?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [...command, ...args], { encoding: 'utf8', env: childProcessEnv({ OPENAI_API_KEY: '' }) }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr })
    })
    if (input !== undefined) child.stdin!.end(input)
  })
}

async function runInProcess(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true))
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true))
  try {
    const code = await run(args)
    return { code, stdout, stderr }
  } finally {
    out.mockRestore()
    err.mockRestore()
  }
}

afterEach(() => vi.restoreAllMocks())

describe('arbor analyze on the dataset', () => {
  it('has at least 30 labelled proposals', () => {
    expect(files.length).toBeGreaterThanOrEqual(30)
    for (const file of files) expect(labels[file.replace(/\.json$/, '')]).toBeDefined()
  })

  it.each(files)('%s', async (file) => {
    const { code, stdout, stderr } = await runInProcess([path.join(dataset, file), '--provider', 'offline'])
    expect(stderr).toBe('')
    expect(code).toBe(0)
    expect(stdout.trim().split('\n')).toHaveLength(1)
    const analysis = JSON.parse(stdout) as { level: string; riskScore: number; provider: string; summary: { tldr: string; bullets: string[] }; findings: { rule: string }[]; actions: unknown[] }
    expect(analysis.provider).toBe('offline')
    expect(analysis.summary.tldr.length).toBeGreaterThan(0)
    const high = analysis.level === 'high' || analysis.level === 'critical'
    expect(high).toBe(labels[file.replace(/\.json$/, '')]!.label === 'malicious')
  })
})

describe('arbor analyze (the bin)', () => {
  it('prints one JSON object for a proposal file', async () => {
    const { code, stdout, stderr } = await arbor([path.join(dataset, 'm18-arbor-demo-maintenance.json')])
    expect(stderr).toBe('')
    expect(code).toBe(0)
    expect(JSON.parse(stdout)).toMatchObject({ level: 'critical', provider: 'offline' })
  })

  it('exits non-zero naming the bad field', async () => {
    const bad = { title: 'x', body: 'y', actions: [{ target: '0x1234', value: '0', calldata: '0x' }] }
    const { code, stdout, stderr } = await arbor(['-'], JSON.stringify(bad))
    expect(code).toBe(1)
    expect(stdout).toBe('')
    expect(stderr).toMatch(/actions\.0\.target: must be a 0x-prefixed 20-byte hex address/)
  })

  it('names missing fields, bad values and unreadable files; usage mistakes exit 2', async () => {
    expect((await runInProcess(['/nonexistent.json'])).stderr).toMatch(/cannot read \/nonexistent.json/)
    const cases: [unknown, RegExp][] = [
      [{ body: 'y', actions: [] }, /title:/],
      [{ title: 'x', body: 'y', actions: [{ target: '0x000000000000000000000000000000000000dEaD', value: '1.5', calldata: '0x' }] }, /actions\.0\.value: must be a decimal integer/],
      [{ title: 'x', body: 'y', actions: [{ target: '0x000000000000000000000000000000000000dEaD', value: '0', calldata: '0xabc' }] }, /actions\.0\.calldata: must be 0x-prefixed hex bytes/],
      [{ title: 'x', body: 'y', actions: [], votingPeriodSeconds: -1 }, /votingPeriodSeconds:/],
    ]
    for (const [proposal, message] of cases) {
      const file = path.join(tmpdir(), `arbor-analyze-${process.pid}.json`)
      writeFileSync(file, JSON.stringify(proposal))
      const result = await runInProcess([file])
      rmSync(file)
      expect(result.code).toBe(1)
      expect(result.stderr).toMatch(message)
    }
    expect((await runInProcess([])).code).toBe(2)
    expect((await runInProcess(['a.json', '--provider', 'claude'])).code).toBe(2)
  })
})

describe('arbor analyze: addresses wired in (issue 15)', () => {
  const example = (registry: string) => ({
    title: 'Routine: point the vault at the upgraded registry',
    body: 'Maintenance. No funds are moved.',
    chainId: 1,
    actions: [{ target: '0x1111111111111111111111111111111111111111', value: '0', signature: 'setRegistry(address)', calldata: `0xa91ee0dc000000000000000000000000${registry}` }],
    votingDelaySeconds: 172800,
    votingPeriodSeconds: 432000,
    timelockSeconds: 172800,
    context: { knownContracts: { '0x1111111111111111111111111111111111111111': 'Vault', '0xa0b1c2d3E4F5a6b7c8D9E0F1a2b3C4D5e6F7A8b0': 'Registry' } },
  })
  async function analyze(proposal: unknown) {
    const file = path.join(tmpdir(), `arbor-analyze-wiring-${process.pid}.json`)
    writeFileSync(file, JSON.stringify(proposal))
    try {
      return await runInProcess([file, '--provider', 'offline'])
    } finally {
      rmSync(file)
    }
  }

  it('a look-alike of the known Registry is high, naming both addresses', async () => {
    const { code, stdout, stderr } = await analyze(example('a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9'))
    expect(stderr).toBe('')
    expect(code).toBe(0)
    const analysis = JSON.parse(stdout) as { level: string; findings: { rule: string; severity: string; message: string; evidence: string }[] }
    expect(analysis.level).toBe('high')
    const finding = analysis.findings.find((f) => f.rule === 'address-wiring')!
    expect(finding.severity).toBe('high')
    expect(finding.message.toLowerCase()).toContain('0xa0b1…a8b9')
    expect(finding.message.toLowerCase()).toContain('registry 0xa0b1…a8b0')
    expect(finding.evidence.toLowerCase()).toContain('0xa0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9')
    expect(finding.evidence.toLowerCase()).toContain('0xa0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b0')
  })

  it('its genuine-address twin stays at or below medium', async () => {
    const { code, stdout } = await analyze(example('a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b0'))
    expect(code).toBe(0)
    const analysis = JSON.parse(stdout) as { level: string; findings: { rule: string }[] }
    expect(['low', 'medium']).toContain(analysis.level)
    expect(analysis.findings.map((f) => f.rule)).not.toContain('address-wiring')
  })

  it('refuses a value that cannot exist on-chain, naming actions.0.value', async () => {
    const proposal = { ...example('a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b0'), actions: [{ ...example('00').actions[0], value: '9'.repeat(100) }] }
    const { code, stdout, stderr } = await analyze(proposal)
    expect(code).toBe(1)
    expect(stdout).toBe('')
    expect(stderr).toMatch(/actions\.0\.value: must be at most 2\^256 − 1/)
  })
})

