/**
 * A keccak-256 WebAssembly module, emitted byte by byte at load time (no toolchain, nothing to
 * download). It works on batches inside its own memory, so one call from JS hashes thousands of
 * leaves or tree nodes: the per-hash JS overhead that dominates `hash-wasm` and viem disappears.
 *
 * Exports (all pointers are byte offsets into the imported memory `env.memory`):
 * - `keccak(ptr, len, out, scratch)`: keccak256 of `len` bytes at `ptr`, 32 bytes to `out`.
 * - `hashLeaves(ptr, stride, count, out, scratch)`: for each of `count` fixed-size encodings,
 *   OpenZeppelin's leaf `keccak256(keccak256(encoding))`, 32 bytes each to `out`.
 * - `hashLeavesVar(offsets, count, out, scratch)`: the same over variable-size encodings whose
 *   u32 byte offsets (count + 1 of them) are at `offsets`.
 * - `hashNodes(tree, from, to, scratch)`: for each node index i in [from, to), OpenZeppelin's
 *   array layout: tree[i] = keccak256(sorted(tree[2i+1], tree[2i+2])).
 * - `checkAddresses(ascii, count, results, scratch)`: for each 42-character `0x` address,
 *   results[k] = 1 when it mixes upper and lower case and is not EIP-55 checksummed, else 0.
 * `scratch` is 512 bytes that only the caller uses (one region per thread).
 */

const RATE = 136
/** The 24 round constants live at the start of every memory (written by `instantiateKeccak`). */
const RC_TABLE = 0
/** Rounds per loop iteration: a rolled loop stays in the instruction cache (measured 2x faster than 24). */
const UNROLL = 1
const ROTATIONS = [0, 1, 62, 28, 27, 36, 44, 6, 55, 20, 3, 10, 43, 25, 39, 41, 45, 15, 21, 8, 18, 2, 61, 56, 14]
const ROUND_CONSTANTS = [
  0x0000000000000001n, 0x0000000000008082n, 0x800000000000808an, 0x8000000080008000n,
  0x000000000000808bn, 0x0000000080000001n, 0x8000000080008081n, 0x8000000000008009n,
  0x000000000000008an, 0x0000000000000088n, 0x0000000080008009n, 0x000000008000000an,
  0x000000008000808bn, 0x800000000000008bn, 0x8000000000008089n, 0x8000000000008003n,
  0x8000000000008002n, 0x8000000000000080n, 0x000000000000800an, 0x800000008000000an,
  0x8000000080008081n, 0x8000000000008080n, 0x0000000080000001n, 0x8000000080008008n,
]

const op = {
  block: 0x02, loop: 0x03, if: 0x04, else: 0x05, end: 0x0b, br: 0x0c, brIf: 0x0d, return: 0x0f,
  call: 0x10, select: 0x1b, localGet: 0x20, localSet: 0x21, localTee: 0x22,
  i32Load: 0x28, i64Load: 0x29, i32Load8u: 0x2d, i32Store: 0x36, i64Store: 0x37, i32Store8: 0x3a,
  i32Const: 0x41, i64Const: 0x42,
  i32Eqz: 0x45, i32Eq: 0x46, i32Ne: 0x47, i32LtU: 0x49, i32GtU: 0x4b, i32GeU: 0x4f,
  i32Add: 0x6a, i32Sub: 0x6b, i32Mul: 0x6c, i32DivU: 0x6e, i32RemU: 0x70, i32Or: 0x72, i32Xor: 0x73,
  i32Shl: 0x74,
  i64And: 0x83, i64Xor: 0x85, i64Rotl: 0x89,
} as const
const I32 = 0x7f
const I64 = 0x7e
const VOID = 0x40

function uleb(value: number): number[] {
  const out: number[] = []
  do {
    let byte = value & 0x7f
    value >>>= 7
    if (value !== 0) byte |= 0x80
    out.push(byte)
  } while (value !== 0)
  return out
}

function sleb(value: bigint): number[] {
  const out: number[] = []
  let v = BigInt.asIntN(64, value)
  for (;;) {
    const byte = Number(v & 0x7fn)
    v >>= 7n
    const done = (v === 0n && (byte & 0x40) === 0) || (v === -1n && (byte & 0x40) !== 0)
    out.push(done ? byte : byte | 0x80)
    if (done) return out
  }
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body]
}

function vector(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()]
}

function name(text: string): number[] {
  const bytes = [...Buffer.from(text, 'utf8')]
  return [...uleb(bytes.length), ...bytes]
}

/** Function body builder: locals are declared by count; params come first. */
class Body {
  readonly code: number[] = []
  emit(...bytes: number[]): this {
    this.code.push(...bytes)
    return this
  }
  get(local: number): this {
    return this.emit(op.localGet, ...uleb(local))
  }
  set(local: number): this {
    return this.emit(op.localSet, ...uleb(local))
  }
  i32(value: number): this {
    return this.emit(op.i32Const, ...sleb(BigInt(value | 0)))
  }
  i64(value: bigint): this {
    return this.emit(op.i64Const, ...sleb(value))
  }
  mem(opcode: number, align: number, offset: number): this {
    return this.emit(opcode, align, ...uleb(offset))
  }
}

/** keccak(ptr, len, out, scratch): the sponge over any length, permutation fully unrolled. */
function keccakBody(): number[] {
  // params: 0 ptr, 1 len, 2 out, 3 scratch; i32 locals: 4 blocks, 5 tailLen, 6 src
  // i64 locals: 7..31 state, 32..56 B, 57..61 C, 62..66 D; i32 local 67: round offset
  const R = 67
  const S = (i: number) => 7 + i
  const B = (i: number) => 32 + i
  const C = (i: number) => 57 + i
  const D = (i: number) => 62 + i
  const f = new Body()
  // blocks = len / 136 + 1 ; tailLen = len % 136
  f.get(1).i32(RATE).emit(op.i32DivU).i32(1).emit(op.i32Add).set(4)
  f.get(1).i32(RATE).emit(op.i32RemU).set(5)
  // padded last block in scratch: zero it, copy the tail, add 0x01 ... 0x80
  f.get(3).i32(0).i32(RATE).emit(0xfc, 11, 0) // memory.fill
  f.get(3).get(0).get(1).get(5).emit(op.i32Sub).emit(op.i32Add).get(5).emit(0xfc, 10, 0, 0) // memory.copy
  f.get(3).get(5).emit(op.i32Add).get(3).get(5).emit(op.i32Add).mem(op.i32Load8u, 0, 0).i32(0x01).emit(op.i32Xor).mem(op.i32Store8, 0, 0)
  f.get(3).get(3).mem(op.i32Load8u, 0, RATE - 1).i32(0x80).emit(op.i32Or).mem(op.i32Store8, 0, RATE - 1)
  for (let i = 0; i < 25; i++) f.i64(0n).set(S(i))
  f.emit(op.loop, VOID)
  // src = blocks == 1 ? scratch : ptr
  f.get(3).get(0).get(4).i32(1).emit(op.i32Eq).emit(op.select).set(6)
  for (let i = 0; i < RATE / 8; i++) {
    f.get(S(i)).get(6).mem(op.i64Load, 0, i * 8).emit(op.i64Xor).set(S(i))
  }
  // rounds: a loop of UNROLL rounds each; round constants read from the table at RC_TABLE
  f.i32(0).set(R)
  f.emit(op.loop, VOID)
  for (let u = 0; u < UNROLL; u++) {
    for (let x = 0; x < 5; x++) {
      f.get(S(x)).get(S(x + 5)).emit(op.i64Xor).get(S(x + 10)).emit(op.i64Xor)
      f.get(S(x + 15)).emit(op.i64Xor).get(S(x + 20)).emit(op.i64Xor).set(C(x))
    }
    for (let x = 0; x < 5; x++) {
      f.get(C((x + 4) % 5)).get(C((x + 1) % 5)).i64(1n).emit(op.i64Rotl).emit(op.i64Xor).set(D(x))
    }
    // theta, rho and pi: B[y + 5*((2x+3y)%5)] = rotl(S[x+5y] ^ D[x], r[x+5y])
    for (let x = 0; x < 5; x++) {
      for (let y = 0; y < 5; y++) {
        const lane = x + 5 * y
        f.get(S(lane)).get(D(x)).emit(op.i64Xor)
        if (ROTATIONS[lane]) f.i64(BigInt(ROTATIONS[lane]!)).emit(op.i64Rotl)
        f.set(B(y + 5 * ((2 * x + 3 * y) % 5)))
      }
    }
    // chi: S[x+5y] = B[x+5y] ^ (~B[x+1] & B[x+2])
    for (let y = 0; y < 5; y++) {
      for (let x = 0; x < 5; x++) {
        f.get(B(x + 5 * y)).get(B(((x + 1) % 5) + 5 * y)).i64(-1n).emit(op.i64Xor)
        f.get(B(((x + 2) % 5) + 5 * y)).emit(op.i64And).emit(op.i64Xor).set(S(x + 5 * y))
      }
    }
    f.get(S(0)).get(R).mem(op.i64Load, 3, RC_TABLE + u * 8).emit(op.i64Xor).set(S(0))
  }
  f.get(R).i32(UNROLL * 8).emit(op.i32Add).emit(op.localTee, R).i32(24 * 8).emit(op.i32LtU, op.brIf, 0)
  f.emit(op.end)
  // ptr += 136; blocks -= 1; continue while blocks != 0
  f.get(0).i32(RATE).emit(op.i32Add).set(0)
  f.get(4).i32(1).emit(op.i32Sub).emit(op.localTee, 4).emit(op.brIf, 0)
  f.emit(op.end)
  for (let i = 0; i < 4; i++) f.get(2).get(S(i)).mem(op.i64Store, 0, i * 8)
  f.emit(op.end)
  return [...vector([[3, I32], [60, I64], [1, I32]].map(([n, t]) => [...uleb(n!), t!])), ...f.code]
}

/** hashLeaves(ptr, stride, count, out, scratch) */
function hashLeavesBody(): number[] {
  // locals: 5 i
  const f = new Body()
  f.get(2).emit(op.i32Eqz, op.if, VOID, op.return, op.end)
  f.emit(op.loop, VOID)
  // keccak(ptr, stride, scratch + 192, scratch); keccak(scratch + 192, 32, out, scratch)
  f.get(0).get(1).get(4).i32(192).emit(op.i32Add).get(4).emit(op.call, 0)
  f.get(4).i32(192).emit(op.i32Add).i32(32).get(3).get(4).emit(op.call, 0)
  f.get(0).get(1).emit(op.i32Add).set(0)
  f.get(3).i32(32).emit(op.i32Add).set(3)
  f.get(2).i32(1).emit(op.i32Sub).emit(op.localTee, 2).emit(op.brIf, 0)
  f.emit(op.end, op.end)
  return [...vector([]), ...f.code]
}

/** hashLeavesVar(offsets, count, out, scratch) */
function hashLeavesVarBody(): number[] {
  const f = new Body()
  f.get(1).emit(op.i32Eqz, op.if, VOID, op.return, op.end)
  f.emit(op.loop, VOID)
  // start = load(offsets), len = load(offsets + 4) - start
  f.get(0).mem(op.i32Load, 2, 0)
  f.get(0).mem(op.i32Load, 2, 4).get(0).mem(op.i32Load, 2, 0).emit(op.i32Sub)
  f.get(3).i32(192).emit(op.i32Add).get(3).emit(op.call, 0)
  f.get(3).i32(192).emit(op.i32Add).i32(32).get(2).get(3).emit(op.call, 0)
  f.get(0).i32(4).emit(op.i32Add).set(0)
  f.get(2).i32(32).emit(op.i32Add).set(2)
  f.get(1).i32(1).emit(op.i32Sub).emit(op.localTee, 1).emit(op.brIf, 0)
  f.emit(op.end, op.end)
  return [...vector([]), ...f.code]
}

/** hashNodes(tree, from, to, scratch) */
function hashNodesBody(): number[] {
  // params: 0 tree, 1 from, 2 to, 3 scratch; locals: 4 i, 5 a, 6 k, 7 x, 8 y
  const f = new Body()
  f.get(1).get(2).emit(op.i32GeU, op.if, VOID, op.return, op.end)
  f.get(1).set(4)
  f.emit(op.loop, VOID)
  // a = tree + (2i + 1) * 32, children a and a + 32
  f.get(0).get(4).i32(6).emit(op.i32Shl).emit(op.i32Add).i32(32).emit(op.i32Add).set(5)
  // find first differing byte k in [0, 32)
  f.i32(0).set(6)
  f.emit(op.block, VOID, op.loop, VOID)
  f.get(5).get(6).emit(op.i32Add).mem(op.i32Load8u, 0, 0).set(7)
  f.get(5).get(6).emit(op.i32Add).mem(op.i32Load8u, 0, 32).set(8)
  f.get(7).get(8).emit(op.i32Ne, op.brIf, 1)
  f.get(6).i32(1).emit(op.i32Add).emit(op.localTee, 6).i32(32).emit(op.i32LtU, op.brIf, 0)
  f.emit(op.end, op.end)
  // if a > b at the first difference, copy the swapped pair to scratch and hash that
  f.get(5).set(6)
  f.get(7).get(8).emit(op.i32GtU, op.if, VOID)
  f.get(3).i32(64).emit(op.i32Add).get(5).i32(32).emit(op.i32Add).i32(32).emit(0xfc, 10, 0, 0)
  f.get(3).i32(96).emit(op.i32Add).get(5).i32(32).emit(0xfc, 10, 0, 0)
  f.get(3).i32(64).emit(op.i32Add).set(6)
  f.emit(op.end)
  // keccak(src, 64, tree + i * 32, scratch + 256)
  f.get(6).i32(64).get(0).get(4).i32(5).emit(op.i32Shl).emit(op.i32Add).get(3).i32(256).emit(op.i32Add)
  f.emit(op.call, 0)
  f.get(4).i32(1).emit(op.i32Add).emit(op.localTee, 4).get(2).emit(op.i32LtU, op.brIf, 0)
  f.emit(op.end, op.end)
  return [...vector([[5, I32]].map(([n, t]) => [...uleb(n!), t!])), ...f.code]
}

/** checkAddresses(ascii, count, results, scratch) */
function checkAddressesBody(): number[] {
  // params: 0 ascii, 1 count, 2 results, 3 scratch; locals: 4 j, 5 c, 6 upper, 7 lower, 8 bad, 9 nibble
  const f = new Body()
  const isUpper = () => f.get(5).i32(65).emit(op.i32Sub).i32(6).emit(op.i32LtU) // 'A'..'F'
  const isLower = () => f.get(5).i32(97).emit(op.i32Sub).i32(6).emit(op.i32LtU) // 'a'..'f'
  f.get(1).emit(op.i32Eqz, op.if, VOID, op.return, op.end)
  f.emit(op.loop, VOID)
  f.i32(0).set(4).i32(0).set(6).i32(0).set(7).i32(0).set(8)
  // lowercase copy into scratch, noting which cases occur
  f.emit(op.loop, VOID)
  f.get(0).get(4).emit(op.i32Add).mem(op.i32Load8u, 0, 2).set(5)
  isLower().emit(op.if, VOID).i32(1).set(7).emit(op.end)
  isUpper().emit(op.if, VOID).i32(1).set(6).get(5).i32(32).emit(op.i32Add).set(5).emit(op.end)
  f.get(3).get(4).emit(op.i32Add).get(5).mem(op.i32Store8, 0, 0)
  f.get(4).i32(1).emit(op.i32Add).emit(op.localTee, 4).i32(40).emit(op.i32LtU, op.brIf, 0)
  f.emit(op.end)
  f.get(6).get(7).emit(0x71, op.if, VOID) // mixed case: verify against keccak(lowercase)
  f.get(3).i32(40).get(3).i32(64).emit(op.i32Add).get(3).i32(256).emit(op.i32Add).emit(op.call, 0)
  f.i32(0).set(4)
  f.emit(op.loop, VOID)
  f.get(0).get(4).emit(op.i32Add).mem(op.i32Load8u, 0, 2).set(5)
  // nibble = hash[j >> 1] >> (j odd ? 0 : 4) & 15
  f.get(3).get(4).i32(1).emit(0x76).emit(op.i32Add).mem(op.i32Load8u, 0, 64) // i32.shr_u
  f.get(4).i32(1).emit(0x71).i32(1).emit(op.i32Xor).i32(2).emit(op.i32Shl).emit(0x76).i32(15).emit(0x71).set(9)
  // a letter is upper case exactly when its nibble is >= 8
  isUpper().get(9).i32(8).emit(op.i32LtU).emit(0x71).get(8).emit(op.i32Or).set(8)
  isLower().get(9).i32(7).emit(op.i32GtU).emit(0x71).get(8).emit(op.i32Or).set(8)
  f.get(4).i32(1).emit(op.i32Add).emit(op.localTee, 4).i32(40).emit(op.i32LtU, op.brIf, 0)
  f.emit(op.end)
  f.emit(op.end)
  f.get(2).get(8).mem(op.i32Store8, 0, 0)
  f.get(0).i32(42).emit(op.i32Add).set(0)
  f.get(2).i32(1).emit(op.i32Add).set(2)
  f.get(1).i32(1).emit(op.i32Sub).emit(op.localTee, 1).emit(op.brIf, 0)
  f.emit(op.end, op.end)
  return [...vector([[6, I32]].map(([n, t]) => [...uleb(n!), t!])), ...f.code]
}

function moduleBytes(shared: boolean): Uint8Array<ArrayBuffer> {
  const types = vector([
    [0x60, ...vector([[I32], [I32], [I32], [I32]]), 0], // keccak, hashLeavesVar, hashNodes
    [0x60, ...vector([[I32], [I32], [I32], [I32], [I32]]), 0], // hashLeaves
  ])
  // memory import: shared memories need a maximum (flags 3); 65536 pages = 4 GiB
  const limits = shared ? [0x03, ...uleb(1), ...uleb(65536)] : [0x00, ...uleb(1)]
  const imports = vector([[...name('env'), ...name('memory'), 0x02, ...limits]])
  const functions = vector([[0], [1], [0], [0], [0]])
  const exports = vector([
    [...name('keccak'), 0x00, 0],
    [...name('hashLeaves'), 0x00, 1],
    [...name('hashLeavesVar'), 0x00, 2],
    [...name('hashNodes'), 0x00, 3],
    [...name('checkAddresses'), 0x00, 4],
  ])
  const bodies = [keccakBody(), hashLeavesBody(), hashLeavesVarBody(), hashNodesBody(), checkAddressesBody()]
  const code = vector(bodies.map((body) => [...uleb(body.length), ...body]))
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, types),
    ...section(2, imports),
    ...section(3, functions),
    ...section(7, exports),
    ...section(10, code),
  ])
}

export type KeccakExports = {
  keccak: (ptr: number, len: number, out: number, scratch: number) => void
  hashLeaves: (ptr: number, stride: number, count: number, out: number, scratch: number) => void
  hashLeavesVar: (offsets: number, count: number, out: number, scratch: number) => void
  hashNodes: (tree: number, from: number, to: number, scratch: number) => void
  checkAddresses: (ascii: number, count: number, results: number, scratch: number) => void
}

const modules = new Map<boolean, WebAssembly.Module>()

/** The compiled module (cached); `shared` imports a shared memory, for worker threads. */
export function keccakModule(shared: boolean): WebAssembly.Module {
  let compiled = modules.get(shared)
  if (!compiled) {
    compiled = new WebAssembly.Module(moduleBytes(shared) as Uint8Array<ArrayBuffer>)
    modules.set(shared, compiled)
  }
  return compiled
}

export const PAGE_SIZE = 65536
/** Bytes reserved at the start of every memory for per-thread scratch regions (512 bytes each). */
export const SCRATCH_BYTES = 65536
export const scratchOffset = (thread: number): number => 256 + thread * 512

export function instantiateKeccak(memory: WebAssembly.Memory, shared: boolean): KeccakExports {
  const table = new BigUint64Array(memory.buffer, RC_TABLE, 24)
  for (let i = 0; i < 24; i++) table[i] = ROUND_CONSTANTS[i]!
  const instance = new WebAssembly.Instance(keccakModule(shared), { env: { memory } })
  return instance.exports as unknown as KeccakExports
}
