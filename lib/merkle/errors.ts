import { BaseError, InvariantError, ValidationError } from '../errors'

/**
 * Merkle errors. Caller mistakes are `ValidationError`s that name the bad value and where it is
 * (`position` is the 0-based index of the value in the input, `column` the index in the leaf).
 */

/** A leaf encoding names a type Arbor cannot encode. */
export class LeafEncodingError extends ValidationError {
  override name = 'LeafEncodingError'
  constructor(type: unknown, column: number) {
    super(`Unsupported leaf type ${JSON.stringify(type)} at column ${column}`, { type, column })
  }
}

/** A value does not fit its ABI type: wrong kind, width, range or length. */
export class InvalidLeafValueError extends ValidationError {
  override name = 'InvalidLeafValueError'
  readonly position: number
  constructor(position: number, column: number | undefined, type: string | undefined, value: unknown, reason: string) {
    const where = column === undefined ? `value ${position}` : `value ${position}, column ${column} (${type})`
    super(`Invalid leaf ${where}: ${reason}`, { position, column, type, value: printable(value), reason })
    this.position = position
  }
}

/** A mixed-case address whose case is not its EIP-55 checksum. */
export class AddressChecksumError extends InvalidLeafValueError {
  override name = 'AddressChecksumError'
  constructor(position: number, column: number, value: unknown) {
    super(position, column, 'address', value, 'address checksum mismatch')
  }
}

/** Two values hash to the same leaf. */
export class DuplicateLeafError extends ValidationError {
  override name = 'DuplicateLeafError'
  readonly positions: [number, number]
  constructor(first: number, second: number, value: unknown) {
    super(`Duplicate leaf: value ${second} repeats value ${first}`, { positions: [first, second], value: printable(value) })
    this.positions = [first, second]
  }
}

export class EmptyTreeError extends ValidationError {
  override name = 'EmptyTreeError'
  constructor() {
    super('A Merkle tree needs at least one leaf')
  }
}

/** A proof was asked for a value (or index) the tree does not hold. */
export class LeafNotInTreeError extends ValidationError {
  override name = 'LeafNotInTreeError'
  constructor(value: unknown) {
    super('Value is not in the tree', { value: printable(value) })
  }
}

/** A saved tree (standard-v1 dump or compact bytes) is malformed or does not hash to itself. */
export class InvalidTreeDataError extends ValidationError {
  override name = 'InvalidTreeDataError'
  constructor(reason: string, details: Record<string, unknown> = {}) {
    super(`Invalid tree data: ${reason}`, details)
  }
}

/** A proof or multiproof is malformed (wrong node size, counts that cannot fit together). */
export class InvalidProofError extends ValidationError {
  override name = 'InvalidProofError'
  constructor(reason: string) {
    super(`Invalid proof: ${reason}`)
  }
}

/** A worker thread failed: not the caller's fault. */
export class MerkleWorkerError extends BaseError {
  override name = 'MerkleWorkerError'
  constructor(message: string, cause?: unknown) {
    super(message, { code: 'internal', cause })
  }
}

/**
 * What OpenZeppelin's `StandardMerkleTree.load` tolerates and Arbor reports instead of refusing
 * when it loads someone else's dump (a tree Arbor builds from a CSV refuses both).
 */
export type TreeWarning =
  | { kind: 'duplicate-leaf'; positions: [number, number]; message: string }
  | { kind: 'address-checksum'; position: number; column: number; value: unknown; message: string }

/** `error` as a warning when it is one of the kinds OpenZeppelin tolerates, else undefined. */
export function warningOf(error: unknown): TreeWarning | undefined {
  if (error instanceof DuplicateLeafError) return { kind: 'duplicate-leaf', positions: error.positions, message: error.message }
  if (error instanceof AddressChecksumError) {
    const details = error.details as { column: number; value: unknown }
    return { kind: 'address-checksum', position: error.position, column: details.column, value: details.value, message: error.message }
  }
  return undefined
}

export { InvariantError }

function printable(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString()
  if (value instanceof Uint8Array) return `0x${Buffer.from(value).toString('hex')}`
  if (Array.isArray(value)) return value.map(printable)
  return value
}
