import { instantiateKeccak, PAGE_SIZE, SCRATCH_BYTES, scratchOffset, type KeccakExports } from './keccak-wasm'

/**
 * The calling thread's own keccak instance over a private, growable memory: single hashes and
 * small builds. Large builds use a shared memory and workers (`build-tree-parallel.ts`).
 */
export type LocalKeccak = { wasm: KeccakExports; memory: WebAssembly.Memory; bytes: () => Buffer }

let local: LocalKeccak | undefined

/** The local instance, its memory grown to at least `minBytes`. Buffers from earlier calls go stale on growth. */
export function localKeccak(minBytes = 0): LocalKeccak {
  if (!local) {
    const memory = new WebAssembly.Memory({ initial: 16 })
    let view = Buffer.from(memory.buffer)
    local = {
      wasm: instantiateKeccak(memory, false),
      memory,
      bytes: () => (view.buffer === memory.buffer ? view : (view = Buffer.from(memory.buffer))),
    }
  }
  const have = local.memory.buffer.byteLength
  if (have < minBytes) local.memory.grow(Math.ceil((minBytes - have) / PAGE_SIZE))
  return local
}

const IO = SCRATCH_BYTES

/** keccak256 of any bytes. */
export function keccak256(data: Uint8Array): Uint8Array {
  const { wasm, bytes } = localKeccak(IO + data.length + 32)
  const mem = bytes()
  mem.set(data, IO + 32)
  wasm.keccak(IO + 32, data.length, IO, scratchOffset(0))
  return Uint8Array.from(mem.subarray(IO, IO + 32))
}

/**
 * The root a proof leads to from a leaf hash, hashed in place in the local memory: no allocation
 * per level (2x faster than `hashPair` per node on a 17-level proof). Undefined when a proof node
 * is not 32 bytes of hex (with or without 0x).
 */
export function hashProofPath(leafHash: Uint8Array, proof: readonly string[]): string | undefined {
  const { wasm, bytes } = localKeccak(IO + 96)
  const mem = bytes()
  mem.set(leafHash, IO)
  for (const sibling of proof) {
    const body = typeof sibling === 'string' && (sibling.startsWith('0x') || sibling.startsWith('0X')) ? sibling.slice(2) : sibling
    if (typeof body !== 'string' || body.length !== 64 || mem.write(body, IO + 64, 32, 'hex') !== 32) return undefined
    // the pair at IO + 32, smaller first: the current node is at IO, the sibling at IO + 64
    if (mem.compare(mem, IO + 64, IO + 96, IO, IO + 32) <= 0) mem.copyWithin(IO + 32, IO, IO + 32)
    else {
      mem.copyWithin(IO + 32, IO + 64, IO + 96)
      mem.copyWithin(IO + 64, IO, IO + 32)
    }
    wasm.keccak(IO + 32, 64, IO, scratchOffset(0))
  }
  return `0x${mem.toString('hex', IO, IO + 32)}`
}

/** OpenZeppelin's node hash: keccak256 of the two 32-byte children, smaller first. */
export function hashPair(a: Uint8Array, b: Uint8Array): Uint8Array {
  const { wasm, bytes } = localKeccak(IO + 96)
  const mem = bytes()
  const swap = Buffer.compare(a, b) > 0
  mem.set(swap ? b : a, IO + 32)
  mem.set(swap ? a : b, IO + 64)
  wasm.keccak(IO + 32, 64, IO, scratchOffset(0))
  return Uint8Array.from(mem.subarray(IO, IO + 32))
}

/** EIP-55 form of a `0x` address (built in a Buffer: a flat string, not a rope of 40 pieces). */
export function checksumAddress(address: string): string {
  const ascii = Buffer.from(address.toLowerCase(), 'latin1')
  const hash = keccak256(ascii.subarray(2))
  for (let i = 0; i < 40; i++) {
    const nibble = (hash[i >> 1]! >> (i % 2 === 0 ? 4 : 0)) & 15
    if (nibble >= 8 && ascii[i + 2]! >= 97) ascii[i + 2] = ascii[i + 2]! - 32
  }
  return ascii.toString('latin1')
}

/**
 * EIP-55 in place: the 40 lowercase hex digits (ASCII) of an address at `at` in `buf` get their
 * checksum case, hashed in the local memory with no allocation.
 */
export function checksumAsciiAt(buf: Uint8Array, at: number): void {
  const { wasm, bytes } = localKeccak(IO + 72)
  const mem = bytes()
  for (let i = 0; i < 40; i++) mem[IO + 32 + i] = buf[at + i]!
  wasm.keccak(IO + 32, 40, IO, scratchOffset(0))
  for (let i = 0; i < 40; i++) {
    const nibble = (mem[IO + (i >> 1)]! >> ((i & 1) === 0 ? 4 : 0)) & 15
    if (nibble >= 8 && buf[at + i]! >= 97) buf[at + i] = buf[at + i]! - 32
  }
}

/**
 * Writes the EIP-55 form of `address` (`0x` + 40 hex digits in any case; the caller checked the
 * form) as 42 ASCII bytes at `out[at..]`, hashed in the local memory: no string, no allocation.
 */
export function writeChecksumAddress(address: string, out: Buffer, at: number): void {
  const { wasm, bytes } = localKeccak(IO + 74)
  const mem = bytes()
  const text = IO + 32
  mem.write(address, text, 42, 'latin1')
  for (let k = text + 2; k < text + 42; k++) if (mem[k]! <= 70 && mem[k]! >= 65) mem[k] = mem[k]! + 32
  wasm.keccak(text + 2, 40, IO, scratchOffset(0))
  for (let k = 0; k < 40; k++) {
    const nibble = (mem[IO + (k >> 1)]! >> ((k & 1) === 0 ? 4 : 0)) & 15
    if (nibble >= 8 && mem[text + 2 + k]! >= 97) mem[text + 2 + k] = mem[text + 2 + k]! - 32
  }
  mem.copy(out, at, text, text + 42)
}

/** Positions (into `addresses`) of mixed-case addresses that are not EIP-55 checksummed. */
export function findChecksumErrors(addresses: readonly string[]): number[] {
  const batch = 65536
  const bad: number[] = []
  for (let start = 0; start < addresses.length; start += batch) {
    const count = Math.min(batch, addresses.length - start)
    const { wasm, bytes } = localKeccak(IO + count * 43)
    const mem = bytes()
    for (let i = 0; i < count; i++) {
      const address = addresses[start + i]!
      mem.write(address.length === 42 ? address : '0x'.padEnd(42, '0'), IO + i * 42, 42, 'latin1')
    }
    wasm.checkAddresses(IO, count, IO + count * 42, scratchOffset(0))
    for (let i = 0; i < count; i++) if (mem[IO + count * 42 + i] !== 0) bad.push(start + i)
  }
  return bad
}

/**
 * Whether the 32 bytes at `nodeAt` of `buf` are OpenZeppelin's leaf hash of the encoded value at
 * `valueAt` (`length` bytes): keccak256(keccak256(value)), hashed in the local memory, no allocation.
 */
export function isLeafHashAt(buf: Buffer, nodeAt: number, valueAt: number, length: number): boolean {
  const { wasm, bytes } = localKeccak(IO + 64 + length)
  const mem = bytes()
  buf.copy(mem, IO + 64, valueAt, valueAt + length)
  wasm.keccak(IO + 64, length, IO + 32, scratchOffset(0))
  wasm.keccak(IO + 32, 32, IO, scratchOffset(0))
  return mem.compare(buf, nodeAt, nodeAt + 32, IO, IO + 32) === 0
}

/**
 * Whether the 32 bytes at `nodeAt` of `buf` are OpenZeppelin's node hash of the two 32-byte
 * children at `aAt` and `bAt` (smaller first), hashed in the local memory, no allocation.
 */
export function isPairHashAt(buf: Buffer, nodeAt: number, aAt: number, bAt: number): boolean {
  const { wasm, bytes } = localKeccak(IO + 96)
  const mem = bytes()
  const aFirst = buf.compare(buf, bAt, bAt + 32, aAt, aAt + 32) < 0
  buf.copy(mem, IO + 32, aFirst ? aAt : bAt, (aFirst ? aAt : bAt) + 32)
  buf.copy(mem, IO + 64, aFirst ? bAt : aAt, (aFirst ? bAt : aAt) + 32)
  wasm.keccak(IO + 32, 64, IO, scratchOffset(0))
  return mem.compare(buf, nodeAt, nodeAt + 32, IO, IO + 32) === 0
}

const HEX_DIGITS = Buffer.from('0123456789abcdef', 'latin1')
/** Addresses checksummed per call of `checksumAddressBatch` (local memory: 74 bytes each). */
const CHECKSUM_BATCH = 65536

/**
 * EIP-55 forms (`0x` + 40 characters) of many addresses at once, hashed in the local memory with
 * one WebAssembly call each and no allocation but the strings returned: about 10x faster than
 * `checksumAddress` per address. `addresses` gives each as 20 raw bytes (`Uint8Array`, address i
 * at 20i, `count` of them) or as `0x` + 40 hex digits in any case (strings; the caller checked the form).
 */
export function checksumAddresses(addresses: Uint8Array | readonly string[], count = Array.isArray(addresses) ? addresses.length : addresses.length / 20): string[] {
  const out: string[] = new Array(count)
  for (let start = 0; start < count; start += CHECKSUM_BATCH) {
    const size = Math.min(CHECKSUM_BATCH, count - start)
    const { wasm, bytes } = localKeccak(IO + size * 74)
    const mem = bytes()
    const hashes = IO + size * 42
    if (addresses instanceof Uint8Array) {
      for (let i = 0; i < size; i++) {
        const at = IO + i * 42
        mem[at] = 48
        mem[at + 1] = 120
        for (let k = 0, from = (start + i) * 20; k < 20; k++) {
          const byte = addresses[from + k]!
          mem[at + 2 + 2 * k] = HEX_DIGITS[byte >> 4]!
          mem[at + 3 + 2 * k] = HEX_DIGITS[byte & 15]!
        }
      }
    } else {
      for (let i = 0; i < size; i++) mem.write((addresses as readonly string[])[start + i]!.toLowerCase(), IO + i * 42, 42, 'latin1')
    }
    const scratch = scratchOffset(0)
    for (let i = 0; i < size; i++) wasm.keccak(IO + i * 42 + 2, 40, hashes + i * 32, scratch)
    for (let i = 0; i < size; i++) {
      const at = IO + i * 42 + 2
      const hash = hashes + i * 32
      for (let k = 0; k < 40; k++) {
        const nibble = (mem[hash + (k >> 1)]! >> ((k & 1) === 0 ? 4 : 0)) & 15
        if (nibble >= 8 && mem[at + k]! >= 97) mem[at + k] = mem[at + k]! - 32
      }
      out[start + i] = mem.toString('latin1', at - 2, at + 40)
    }
  }
  return out
}
