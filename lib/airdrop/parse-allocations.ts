import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { parse, CsvError, Parser } from 'csv-parse'
import { findChecksumErrors } from '../merkle/keccak'

/** What to do with an address listed twice (in any letter case): refuse the file, or add the amounts. */
export type DuplicatePolicy = 'reject' | 'sum'

/** One bad row: its 1-based line in the file and a sentence saying what is wrong. */
export type AllocationRowError = { line: number; reason: string }

export type ParseAllocationsProgress = { rows: number; bytes: number }

export type ParseAllocationsParameters = {
  /** Amounts are token units with up to this many decimals; undefined: whole base units (wei). */
  decimals?: number
  /** Default `reject`. */
  duplicates?: DuplicatePolicy
  /** At most this many errors are kept (all are counted in `errorCount`). Default 1,000,000. */
  maxErrors?: number
  /** Called about every 64k rows and at the end. */
  onProgress?: (progress: ParseAllocationsProgress) => void
  /** Aborting stops the parse with the signal's reason. */
  signal?: AbortSignal
  /**
   * Called with recipients as they become known, in order, `recipientBatch` at a time (and the
   * rest at the end), while no bad row has been found: for a consumer that writes them while
   * the file is still read (inside a transaction it rolls back when `errorCount` ends above 0).
   * `addresses` is a view over the parser's buffer: read it before returning.
   */
  onRecipients?: (batch: RecipientBatch) => void
  /** Recipients per `onRecipients` call. Default 50,000. */
  recipientBatch?: number
  /** Awaited before each further chunk of input is read: lets a slower consumer of `onRecipients` hold the reading back. */
  pace?: () => Promise<void> | undefined
}

/** Recipients `start` to `start + count - 1`: address i at `addresses[20(i - start), +20)`, `amounts[i - start]` base units. */
export type RecipientBatch = { start: number; count: number; addresses: Buffer; amounts: readonly bigint[] }

/**
 * The allocations of a file, one entry per recipient in first-seen order, in columns:
 * recipient i is `addresses[20i, 20i+20)` (raw bytes), `amounts[i]` base units, first on `lines[i]`.
 * `errors` is sorted by line; when it is not empty the recipients are not a usable list.
 */
export type ParsedAllocations = {
  /** Data rows read (blank lines and the header not counted). */
  rowCount: number
  recipientCount: number
  /** Sum of `amounts`, base units. */
  total: bigint
  addresses: Buffer
  amounts: bigint[]
  lines: Uint32Array
  errors: AllocationRowError[]
  errorCount: number
  bytes: number
  /** Positions (ascending) already given to `onRecipients` whose amount a later duplicate then added to (policy `sum`). */
  amended: number[]
}

const MAX_UINT256 = (1n << 256n) - 1n
const ADDRESS = /^0x[0-9a-fA-F]{40}$/
const CHECKSUM_BATCH = 8192

/**
 * Reads an `address,amount` CSV (header in any case, columns in any order, extra columns
 * ignored; quoted fields, BOM, CRLF and blank lines accepted) from a stream of chunks, row by
 * row, and lists every bad row with its line: invalid address, bad EIP-55 checksum, zero,
 * negative, too many decimals, not a number (scientific notation included), over uint256,
 * duplicate address. Throws only for a read failure or abort; a file the CSV reader cannot read
 * past (an unclosed quote) ends with an error at that line.
 */
export async function parseAllocations(
  input: Readable | AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
  { decimals, duplicates = 'reject', maxErrors = 1_000_000, onProgress, signal, onRecipients, recipientBatch = 50_000, pace }: ParseAllocationsParameters = {},
): Promise<ParsedAllocations> {
  if (decimals !== undefined && !(Number.isInteger(decimals) && decimals >= 0 && decimals <= 77)) {
    throw new RangeError(`decimals must be an integer from 0 to 77, not ${decimals}`)
  }
  const errors: AllocationRowError[] = []
  let errorCount = 0
  const fail = (line: number, reason: string) => {
    errorCount++
    if (errors.length < maxErrors) errors.push({ line, reason })
  }
  const recipients = new RecipientTable()
  let emitted = 0
  const amended = new Set<number>()
  const emit = (upTo: number) => {
    if (!onRecipients || errorCount > 0 || upTo <= emitted) return
    onRecipients(recipients.batch(emitted, upTo))
    emitted = upTo
  }
  let total = 0n
  let rowCount = 0
  let bytes = 0
  let addressColumn = -1
  let amountColumn = -1
  let columns = 0
  let headerSeen = false
  // mixed-case addresses are checked for EIP-55 in batches (one keccak call per batch)
  let pendingChecksums: string[] = []
  let pendingLines: number[] = []
  const flushChecksums = () => {
    for (const position of findChecksumErrors(pendingChecksums)) {
      fail(pendingLines[position]!, `address ${pendingChecksums[position]} has a bad checksum (mixed case that is not EIP-55); check it or write it in lower case`)
    }
    pendingChecksums = []
    pendingLines = []
  }

  const onRecord = (record: string[], line: number) => {
    if (isBlank(record)) return
    if (!headerSeen) {
      headerSeen = true
      const names = record.map((field) => field.toLowerCase())
      addressColumn = names.indexOf('address')
      amountColumn = names.indexOf('amount')
      columns = record.length
      if (addressColumn < 0 || amountColumn < 0) {
        fail(line, `the first line must be the header "address,amount", found ${JSON.stringify(record.join(','))}`)
      }
      return
    }
    rowCount++
    if (rowCount % 65536 === 0) onProgress?.({ rows: rowCount, bytes })
    if (addressColumn < 0) return
    if (record.length !== columns) {
      fail(line, `expected ${columns} fields, found ${record.length}${record.length > columns ? ' (an unquoted comma, such as a thousands separator?)' : ''}`)
      return
    }
    const address = record[addressColumn]!
    const amountText = record[amountColumn]!
    let bad = false
    if (!ADDRESS.test(address)) {
      fail(line, address === '' ? 'address is missing' : `invalid address ${JSON.stringify(address)}: expected 0x and 40 hex digits`)
      bad = true
    } else if (address === ZERO_ADDRESS) {
      fail(line, 'the zero address cannot claim')
      bad = true
    } else if (isMixedCase(address)) {
      pendingChecksums.push(address)
      pendingLines.push(line)
      if (pendingChecksums.length >= CHECKSUM_BATCH) flushChecksums()
    }
    const amount = parseAmount(amountText, decimals)
    if (typeof amount === 'string') {
      fail(line, amount)
      return
    }
    if (bad) return
    const first = recipients.add(address, amount, line)
    if (first !== undefined) {
      if (duplicates === 'reject') {
        fail(line, `duplicate address ${address} (first on line ${recipients.lineOf(first)})`)
        return
      }
      const summed = recipients.amountAt(first) + amount
      if (summed > MAX_UINT256) {
        fail(line, `duplicate address ${address}: its amounts summed from line ${recipients.lineOf(first)} pass the largest uint256`)
        return
      }
      recipients.setAmount(first, summed)
      if (first < emitted) amended.add(first)
    } else if (recipients.size - emitted >= recipientBatch) emit(recipients.size)
    total += amount
  }

  const parser = parse({ bom: true, trim: true, skip_empty_lines: true, relax_column_count: true })
  // Each record is taken as the parser pushes it, with its line from the parser's documented
  // `info` (what `on_record`'s context holds then): `on_record` would build that context object
  // for every record, 40% of the parser's time on a large file. Nothing reaches the readable side.
  parser.push = function push(record: unknown): boolean {
    if (record === null) return Parser.prototype.push.call(this, null)
    onRecord(record as string[], parser.info.lines)
    return true
  }
  const source = input instanceof Readable ? input : Readable.from(input as AsyncIterable<Uint8Array | string>)
  try {
    await pipeline(
      source,
      async function* count(chunks: AsyncIterable<Uint8Array | string>) {
        for await (const chunk of chunks) {
          await pace?.()
          bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength
          yield chunk
        }
      },
      parser,
      async function drain(records: AsyncIterable<unknown>) {
        for await (const record of records) void record
      },
      ...(signal ? [{ signal }] : []),
    )
  } catch (error) {
    if (!(error instanceof CsvError)) throw error
    const line = (error as CsvError & { lines?: number }).lines ?? rowCount + 1
    fail(line, `the file cannot be read from here: ${error.message.replace(/^Invalid [^:]*: /, '')}`)
  }
  flushChecksums()
  emit(recipients.size)
  if (!headerSeen) fail(1, 'the file is empty: expected the header "address,amount" and one row per recipient')
  else if (rowCount === 0 && errorCount === 0) fail(2, 'no allocations after the header')
  errors.sort((a, b) => a.line - b.line)
  onProgress?.({ rows: rowCount, bytes })
  return { rowCount, ...recipients.columns(), total, errors, errorCount, bytes, amended: [...amended].sort((a, b) => a - b) }
}

/** A record with no field but empty ones (a line of commas). */
function isBlank(record: string[]): boolean {
  for (const field of record) if (field !== '') return false
  return true
}

/** Whether an address of 40 hex digits has both lower- and upper-case letters (so an EIP-55 checksum to check). */
function isMixedCase(address: string): boolean {
  let lower = false
  let upper = false
  for (let i = 2; i < address.length; i++) {
    const c = address.charCodeAt(i)
    if (c >= 97) lower = true
    else if (c >= 65) upper = true
  }
  return lower && upper
}

/** The zero address has one spelling (digits only, and the pattern above requires `0x`). */
const ZERO_ADDRESS = `0x${'0'.repeat(40)}`
/** The common amount, checked at once: digits, then maybe a point and digits. */
const PLAIN_AMOUNT = /^([0-9]+)(?:\.([0-9]*))?$/

/** Base units of one amount, or a sentence saying why it is not one. */
function parseAmount(text: string, decimals: number | undefined): bigint | string {
  const plain = PLAIN_AMOUNT.exec(text)
  if (plain && (plain[2] === undefined || (decimals !== undefined && plain[2].length <= decimals))) {
    const value = BigInt(decimals === undefined || decimals === 0 ? plain[1]! : plain[1]! + (plain[2] ?? '').padEnd(decimals, '0'))
    if (value > MAX_UINT256) return `amount ${text} is over the largest uint256`
    if (value === 0n) return 'amount is zero'
    return value
  }
  if (text === '') return 'amount is missing'
  const quoted = JSON.stringify(text)
  if (/^-?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?$/.test(text)) {
    return `amount ${quoted} has a thousands separator; write it without commas (${text.replaceAll(',', '')})`
  }
  if (/^-/.test(text) && /^-[0-9.]+$/.test(text)) return `amount ${text} is negative`
  if (/^[+-]?[0-9.]+e[+-]?[0-9]+$/i.test(text)) {
    return `amount ${text} is in scientific notation; write the number in full (spreadsheets do this to large numbers: format the column as text)`
  }
  let units: string
  if (decimals === undefined) {
    if (/^[0-9]+\.[0-9]*$/.test(text)) return `amount ${text} has decimals, but amounts are in base units (whole numbers)`
    if (!/^[0-9]+$/.test(text)) return `amount ${quoted} is not a number`
    units = text
  } else {
    const match = /^([0-9]*)(?:\.([0-9]*))?$/.exec(text)
    if (!match || (match[1] === '' && !match[2])) return `amount ${quoted} is not a number`
    const fraction = match[2] ?? ''
    if (fraction.length > decimals) {
      return `amount ${text} has too many decimals: the token has ${decimals}`
    }
    units = (match[1] || '0') + fraction.padEnd(decimals, '0')
  }
  const value = BigInt(units)
  if (value > MAX_UINT256) return `amount ${text} is over the largest uint256`
  if (value === 0n) return 'amount is zero'
  return value
}

/**
 * Recipients in flat columns with an open-addressing index on the address bytes, so 10M rows cost
 * about 20 bytes + one bigint each rather than an object and a Map entry.
 */
class RecipientTable {
  private count = 0
  private addressBytes = Buffer.alloc(20 * 1024)
  private amounts: bigint[] = []
  private firstLines = new Uint32Array(1024)
  private slots = new Int32Array(4096).fill(-1)
  /** 32 - log2(slots.length): the hash's top bits pick the slot. */
  private shift = 20
  private readonly scratch = Buffer.alloc(20)

  /** Adds a recipient and returns undefined, or returns the position of the same address seen before. */
  add(address: string, amount: bigint, line: number): number | undefined {
    const key = this.scratch
    key.write(address.slice(2), 0, 20, 'hex')
    const mask = this.slots.length - 1
    for (let slot = hashOf(key, 0, this.shift); ; slot = (slot + 1) & mask) {
      const at = this.slots[slot]!
      if (at < 0) {
        if (this.count * 20 === this.addressBytes.length) this.grow()
        key.copy(this.addressBytes, this.count * 20)
        this.amounts.push(amount)
        this.firstLines[this.count] = line
        this.slots[slot] = this.count++
        if (this.count * 2 > this.slots.length) this.rehash()
        return undefined
      }
      if (this.addressBytes.compare(key, 0, 20, at * 20, at * 20 + 20) === 0) return at
    }
  }

  get size(): number {
    return this.count
  }

  /** Recipients [start, end) as a `RecipientBatch` (addresses: a view, valid until the next `add`). */
  batch(start: number, end: number): RecipientBatch {
    return { start, count: end - start, addresses: this.addressBytes.subarray(20 * start, 20 * end), amounts: this.amounts.slice(start, end) }
  }

  amountAt(position: number): bigint {
    return this.amounts[position]!
  }

  setAmount(position: number, amount: bigint): void {
    this.amounts[position] = amount
  }

  lineOf(position: number): number {
    return this.firstLines[position]!
  }

  columns(): Pick<ParsedAllocations, 'recipientCount' | 'addresses' | 'amounts' | 'lines'> {
    return {
      recipientCount: this.count,
      addresses: this.addressBytes.subarray(0, 20 * this.count),
      amounts: this.amounts,
      lines: this.firstLines.subarray(0, this.count),
    }
  }

  private grow(): void {
    const bigger = Buffer.alloc(this.addressBytes.length * 2)
    this.addressBytes.copy(bigger)
    this.addressBytes = bigger
    const lines = new Uint32Array(this.firstLines.length * 2)
    lines.set(this.firstLines)
    this.firstLines = lines
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(-1)
    const mask = slots.length - 1
    this.shift--
    for (let i = 0; i < this.count; i++) {
      let slot = hashOf(this.addressBytes, i * 20, this.shift)
      while (slots[slot]! >= 0) slot = (slot + 1) & mask
      slots[slot] = i
    }
    this.slots = slots
  }
}

/**
 * Fibonacci hashing of the address's five words (at `at` in `bytes`), each but the last
 * multiplied apart first: addresses that differ only in their low bytes (counters, vanity
 * prefixes of zeros) still spread over the slots.
 */
function hashOf(bytes: Buffer, at: number, shift: number): number {
  const mixed =
    Math.imul(bytes.readUInt32LE(at), 0x85ebca6b) ^
    Math.imul(bytes.readUInt32LE(at + 4), 0xc2b2ae35) ^
    Math.imul(bytes.readUInt32LE(at + 8), 0x27d4eb2f) ^
    Math.imul(bytes.readUInt32LE(at + 12), 0x165667b1) ^
    bytes.readUInt32LE(at + 16)
  return Math.imul(mixed, 0x9e3779b1) >>> shift
}

/** Recipient i's address as lower-case `0x` hex. */
export function allocationAddress(parsed: Pick<ParsedAllocations, 'addresses'>, i: number): `0x${string}` {
  return `0x${parsed.addresses.toString('hex', i * 20, i * 20 + 20)}`
}
