import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { compileContracts } from '../../scripts/compile-contracts'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

describe('compiled contract modules', () => {
  const { files, contracts } = compileContracts({ root })

  it('compile ArborToken to deployable bytecode and IArborToken to an ABI only', () => {
    const token = contracts.find((contract) => contract.name === 'ArborToken')
    expect(token?.bytecode.length).toBeGreaterThan(1_000)
    expect(contracts.find((contract) => contract.name === 'IArborToken')?.bytecode).toBe('0x')
  })

  it.each([...files.keys()])('%s is up to date (run `npm run contracts:build`)', (file) => {
    expect(readFileSync(path.join(root, file), 'utf8')).toBe(files.get(file))
  })
})
