import { describe, expect, it } from 'vitest'
import { getAddress } from 'viem'
import { allocationAddress, parseAllocations, type ParseAllocationsParameters } from './parse-allocations'

const A = '0x1111111111111111111111111111111111111111'
const B = '0xab5801a7d398351b8be11c439e05c5b3259aec9b'
const BChecksum = getAddress(B) // 0xAb5801a7D398351b8bE11C439e05C5B3259aeC9B
const C = '0x00000000000000000000000000000000000000c3'

const parseText = (text: string, options?: ParseAllocationsParameters) => parseAllocations([Buffer.from(text)], options)
const reasons = (result: { errors: { line: number; reason: string }[] }) => result.errors.map((e) => `${e.line}: ${e.reason}`)

describe('parseAllocations', () => {
  it('reads quoted fields (a fully quoted file)', async () => {
    const result = await parseText(`"address","amount"\n"${A}","100"\n"${BChecksum}","5"\n`)
    expect(result.errors).toEqual([])
    expect(result.recipientCount).toBe(2)
    expect(result.amounts).toEqual([100n, 5n])
    expect(allocationAddress(result, 1)).toBe(B)
    expect(result.total).toBe(105n)
  })

  it('says a quoted thousands separator is one, not "3 fields"', async () => {
    const result = await parseText(`address,amount\n${A},"1,000"\n`)
    expect(reasons(result)).toEqual([`2: amount "1,000" has a thousands separator; write it without commas (1000)`])
  })

  it('points at an unquoted comma by its field count', async () => {
    const result = await parseText(`address,amount\n${A},1,000\n`)
    expect(reasons(result)[0]).toMatch(/^2: expected 2 fields, found 3 \(an unquoted comma/)
  })

  it('skips a byte order mark', async () => {
    const result = await parseText(`\uFEFFaddress,amount\n${A},1\n`)
    expect(result.errors).toEqual([])
    expect(result.recipientCount).toBe(1)
  })

  it('reads CRLF line ends and counts lines right', async () => {
    const result = await parseText(`address,amount\r\n${A},1\r\n${C},0\r\n`)
    expect(reasons(result)).toEqual(['3: amount is zero'])
  })

  it('skips blank lines and keeps file line numbers', async () => {
    const result = await parseText(`address,amount\n\n${A},1\n   \n\n${C},-2\n\n`)
    expect(reasons(result)).toEqual(['6: amount -2 is negative'])
    expect(result.rowCount).toBe(2)
  })

  it('takes the header in any letter case (and columns in any order)', async () => {
    const result = await parseText(`Amount,ADDRESS\n7,${A}\n`)
    expect(result.errors).toEqual([])
    expect(result.amounts).toEqual([7n])
    const missing = await parseText(`wallet,value\n${A},1\n`)
    expect(reasons(missing)[0]).toMatch(/^1: the first line must be the header "address,amount"/)
  })

  it('refuses scientific notation such as 1E+21', async () => {
    const result = await parseText(`address,amount\n${A},1E+21\n${C},2.5e3\n`, { decimals: 18 })
    expect(reasons(result)).toEqual([
      expect.stringMatching(/^2: amount 1E\+21 is in scientific notation/),
      expect.stringMatching(/^3: amount 2.5e3 is in scientific notation/),
    ])
  })

  it('refuses too many decimals, and decimals in base units', async () => {
    const result = await parseText(`address,amount\n${A},1.1234567\n${C},0.000001\n`, { decimals: 6 })
    expect(reasons(result)).toEqual(['2: amount 1.1234567 has too many decimals: the token has 6'])
    expect(result.amounts[0]).toBe(1n)
    const base = await parseText(`address,amount\n${A},1.5\n`)
    expect(reasons(base)).toEqual(['2: amount 1.5 has decimals, but amounts are in base units (whole numbers)'])
  })

  it('converts token units with decimals to base units', async () => {
    const result = await parseText(`address,amount\n${A},1.5\n${C},.25\n`, { decimals: 18 })
    expect(result.errors).toEqual([])
    expect(result.amounts).toEqual([1_500_000_000_000_000_000n, 250_000_000_000_000_000n])
  })

  it('refuses an amount over uint256', async () => {
    const max = (1n << 256n) - 1n
    const result = await parseText(`address,amount\n${A},${max}\n${C},${max + 1n}\n`)
    expect(reasons(result)).toEqual([`3: amount ${max + 1n} is over the largest uint256`])
  })

  it('refuses a negative amount', async () => {
    const result = await parseText(`address,amount\n${A},-5\n`)
    expect(reasons(result)).toEqual(['2: amount -5 is negative'])
  })

  it('refuses a zero amount', async () => {
    const result = await parseText(`address,amount\n${A},0.000\n`, { decimals: 3 })
    expect(reasons(result)).toEqual(['2: amount is zero'])
  })

  it('refuses a duplicate address in another letter case, naming the first line', async () => {
    const result = await parseText(`address,amount\n${B},1\n${A},1\n${BChecksum},2\n${B.toUpperCase().replace('0X', '0x')},3\n`)
    expect(reasons(result)).toEqual([
      `4: duplicate address ${BChecksum} (first on line 2)`,
      `5: duplicate address ${B.toUpperCase().replace('0X', '0x')} (first on line 2)`,
    ])
  })

  it('sums duplicates when asked', async () => {
    const result = await parseText(`address,amount\n${B},1\n${A},1\n${BChecksum},2\n`, { duplicates: 'sum' })
    expect(result.errors).toEqual([])
    expect(result.recipientCount).toBe(2)
    expect(result.amounts).toEqual([3n, 1n])
    expect(result.total).toBe(4n)
  })

  it('refuses summed duplicates that pass uint256, naming the line', async () => {
    const half = (1n << 255n)
    const result = await parseText(`address,amount\n${B},${half}\n${A},1\n${BChecksum},${half}\n`, { duplicates: 'sum' })
    expect(reasons(result)).toEqual([`4: duplicate address ${BChecksum}: its amounts summed from line 2 pass the largest uint256`])
  })

  it('refuses invalid addresses and bad checksums', async () => {
    const badChecksum = BChecksum.replace('Ab58', 'aB58')
    const result = await parseText(`address,amount\n0x123,1\n${badChecksum},1\nhello,1\n${'0x' + '0'.repeat(40)},1\n`)
    expect(reasons(result)).toEqual([
      '2: invalid address "0x123": expected 0x and 40 hex digits',
      expect.stringMatching(/^3: address 0xaB58\S+ has a bad checksum/),
      '4: invalid address "hello": expected 0x and 40 hex digits',
      '5: the zero address cannot claim',
    ])
  })

  it('refuses text that is not a number', async () => {
    const result = await parseText(`address,amount\n${A},ten\n${C},\n`, { decimals: 18 })
    expect(reasons(result)).toEqual(['2: amount "ten" is not a number', '3: amount is missing'])
  })

  it('lists every bad row, not only the first', async () => {
    const rows = Array.from({ length: 250 }, (_, i) => `0x${(i + 1).toString(16).padStart(40, '0')},${i % 2 === 0 ? 0 : 1}`)
    const result = await parseText(`address,amount\n${rows.join('\n')}\n`)
    expect(result.errorCount).toBe(125)
    expect(result.errors.map((e) => e.line)).toEqual(Array.from({ length: 125 }, (_, i) => 2 + 2 * i))
  })

  it('reads a stream of small chunks that split rows and quotes', async () => {
    const text = `\uFEFF"Address","Amount"\r\n"${A}","1.5"\r\n\r\n${BChecksum},2\r\n`
    const bytes = Buffer.from(text)
    const chunks = Array.from({ length: bytes.length }, (_, i) => bytes.subarray(i, i + 1))
    const result = await parseAllocations(chunks, { decimals: 1 })
    expect(result.errors).toEqual([])
    expect(result.amounts).toEqual([15n, 20n])
    expect(result.bytes).toBe(bytes.length)
  })

  it('reports an unclosed quote at its line', async () => {
    const result = await parseText(`address,amount\n${A},1\n"${C},2\n`)
    expect(result.errorCount).toBe(1)
    expect(result.errors[0]!.reason).toMatch(/cannot be read from here/)
  })

  it('keeps a large file in flat columns', async () => {
    const n = 100_000
    const rows: string[] = ['address,amount']
    for (let i = 0; i < n; i++) rows.push(`0x${(i + 1).toString(16).padStart(40, '0')},${i + 1}`)
    const result = await parseText(rows.join('\n'))
    expect(result.errorCount).toBe(0)
    expect(result.recipientCount).toBe(n)
    expect(result.addresses.length).toBe(20 * n)
    expect(result.total).toBe(BigInt(n * (n + 1)) / 2n)
    expect(result.lines[n - 1]).toBe(n + 1)
  })
})
