// EIP-712 digests and signer recovery, in plain JavaScript so that the worker threads of the
// verifier pool load it as it is (no TypeScript loader, no bundler) under vitest, tsx and
// `next start` alike. Two backends give identical results (tests/intake/verifier.test.ts):
//   native: libsecp256k1 through npm `secp256k1` (prebuilt) + keccak from hash-wasm (about 25x faster)
//   js:     @noble/curves + @noble/hashes, pure JavaScript
// Types: atomic EIP-712 types, string/bytes, and arrays of atomic types (`uint32[]`: the Vote's
// choices and weights, encoded as keccak256 of the concatenated 32-byte words); no nested structs.
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)

const CURVE_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n
const HALF_N = CURVE_N >> 1n
const domainFieldTypes = [
  ['name', 'string'],
  ['version', 'string'],
  ['chainId', 'uint256'],
  ['verifyingContract', 'address'],
  ['salt', 'bytes32'],
]
const encoder = new TextEncoder()
const ZERO_WORD = Buffer.alloc(32)
const CURVE_N_BYTES = Buffer.from(CURVE_N.toString(16).padStart(64, '0'), 'hex')
const HALF_N_BYTES = Buffer.from(HALF_N.toString(16).padStart(64, '0'), 'hex')

/** A typed failure the pool returns instead of throwing (one bad message must not fail the batch). */
export class SignatureFormatError extends Error {
  constructor(message) {
    super(message)
    this.name = 'SignatureFormatError'
  }
}

/** `0x` + hex pairs (either case) as bytes: Node's decoder stops at the first pair that is not hex, so a short result is a refusal (no regular expression: it cost twice the decoding). */
function hexToBytes(hex, what) {
  if (typeof hex !== 'string' || hex.length % 2 !== 0 || hex.charCodeAt(0) !== 48 || hex.charCodeAt(1) !== 120) throw new SignatureFormatError(`${what} is not 0x-hex`)
  const bytes = Buffer.from(hex.slice(2), 'hex')
  if (2 * bytes.length !== hex.length - 2) throw new SignatureFormatError(`${what} is not 0x-hex`)
  return bytes
}

function toBigInt(value, what) {
  if (typeof value === 'bigint') return value
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value)
  if (typeof value === 'string' && /^-?[0-9]+$/.test(value)) return BigInt(value)
  if (typeof value === 'string' && /^0x[0-9a-fA-F]+$/.test(value)) return BigInt(value)
  throw new SignatureFormatError(`${what} is not an integer`)
}

function word(bigint) {
  const out = Buffer.alloc(32)
  let v = bigint < 0n ? (1n << 256n) + bigint : bigint
  for (let i = 31; i >= 0 && v > 0n; i--) {
    out[i] = Number(v & 0xffn)
    v >>= 8n
  }
  return out
}

/**
 * EIP-712 hashing over `keccak`, compiled once per struct type: each field gets a writer of its
 * 32-byte word into one buffer per type, empty strings and arrays reuse keccak(''), small integers
 * skip BigInt, and a domain's separator is kept by object (the pool shares one per proposal).
 * @param {(data: Uint8Array) => Uint8Array} keccak
 */
function createEncoder(keccak) {
  const EMPTY = Buffer.from(keccak(new Uint8Array(0)))
  const plansBySignature = new Map()
  const plansByFields = new WeakMap()
  const separatorsByDomain = new WeakMap()
  const domainSeparators = new Map()

  /**
   * A field's hashes by the text that decides them, kept for values that repeat across messages
   * (a proposal id, a one-choice ballot): a lookup instead of an encoding and a keccak. Bounded.
   */
  function hashCache() {
    const hashes = new Map()
    return {
      get: (key) => hashes.get(key),
      set(key, hash) {
        if (key.length > 128) return
        if (hashes.size >= 4_096) hashes.clear()
        hashes.set(key, hash)
      },
    }
  }

  /** Writes one value's 32-byte encoding at `out[at]`. */
  function writerFor(type, name) {
    if (type.endsWith('[]')) {
      const inner = writerFor(type.slice(0, -2), name)
      // a one-element array of a string is decided by that string (an array of more is not cached)
      const single = hashCache()
      return (value, out, at, path) => {
        if (!Array.isArray(value)) throw new SignatureFormatError(`${path} is not an array`)
        if (value.length === 0) return void EMPTY.copy(out, at)
        const key = value.length === 1 && typeof value[0] === 'string' ? value[0] : undefined
        const known = key === undefined ? undefined : single.get(key)
        if (known) return void out.set(known, at)
        const words = Buffer.allocUnsafe(32 * value.length)
        for (let i = 0; i < value.length; i++) inner(value[i], words, 32 * i, `${path}[${i}]`)
        const hash = keccak(words)
        if (key !== undefined) single.set(key, hash)
        out.set(hash, at)
      }
    }
    if (type === 'string') {
      const texts = hashCache()
      return (value, out, at) => {
        const text = String(value)
        if (text === '') return void EMPTY.copy(out, at)
        let hash = texts.get(text)
        if (!hash) texts.set(text, (hash = keccak(encoder.encode(text))))
        out.set(hash, at)
      }
    }
    if (type === 'bytes') return (value, out, at, path) => out.set(keccak(hexToBytes(value, path)), at)
    if (type === 'address') {
      return (value, out, at, path) => {
        if (typeof value !== 'string' || !/^0x(?:[0-9a-fA-F]{2})*$/.test(value)) throw new SignatureFormatError(`${path} is not 0x-hex`)
        if (value.length !== 42) throw new SignatureFormatError(`${path} is not a 20-byte address`)
        out.fill(0, at, at + 12)
        out.write(value.slice(2), at + 12, 20, 'hex')
      }
    }
    if (type === 'bool') return (value, out, at) => void word(value === true || value === 'true' ? 1n : 0n).copy(out, at)
    const uint = /^(u?)int(\d*)$/.exec(type)
    if (uint) {
      const bits = uint[2] ? Number(uint[2]) : 256
      const unsigned = uint[1] === 'u'
      const limit = 1n << BigInt(unsigned ? bits : bits - 1)
      // a non-negative integer below 2^53 and inside the type: two 32-bit writes, no BigInt
      const valueBits = unsigned ? bits : bits - 1
      const smallLimit = valueBits < 53 ? 2 ** valueBits : Number.MAX_SAFE_INTEGER + 1
      return (value, out, at, path) => {
        const small = typeof value === 'string' && value.length <= 15 && /^[0-9]+$/.test(value) ? Number(value) : typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : -1
        if (small >= 0 && small < smallLimit) {
          out.fill(0, at, at + 24)
          out.writeUInt32BE(Math.floor(small / 0x1_0000_0000), at + 24)
          out.writeUInt32BE(small % 0x1_0000_0000, at + 28)
          return
        }
        const v = toBigInt(value, path)
        if (unsigned ? v < 0n || v >= limit : v < -limit || v >= limit) throw new SignatureFormatError(`${path} is out of range for ${type}`)
        word(v).copy(out, at)
      }
    }
    const fixed = /^bytes(\d+)$/.exec(type)
    if (fixed) {
      const size = Number(fixed[1])
      return (value, out, at, path) => {
        const bytes = hexToBytes(value, path)
        if (bytes.length !== size) throw new SignatureFormatError(`${path} is not ${size} bytes`)
        out.fill(0, at, at + 32)
        bytes.copy(out, at)
      }
    }
    return (_value, _out, _at, path) => {
      throw new SignatureFormatError(`unsupported EIP-712 type ${type} (${path})`)
    }
  }

  /** The compiled struct type: its type hash, one writer per field, and its encoding buffer. */
  function planOf(primaryType, fields) {
    let plan = plansByFields.get(fields)
    if (plan && plan.primaryType === primaryType) return plan
    const signature = `${primaryType}(${fields.map((f) => `${f.type} ${f.name}`).join(',')})`
    plan = plansBySignature.get(signature)
    if (!plan) {
      const buffer = Buffer.alloc(32 * (fields.length + 1))
      buffer.set(keccak(encoder.encode(signature)), 0)
      plan = { primaryType, buffer, fields: fields.map((f) => ({ name: f.name, write: writerFor(f.type, f.name) })) }
      plansBySignature.set(signature, plan)
    }
    plansByFields.set(fields, plan)
    return plan
  }

  function hashStruct(primaryType, fields, values) {
    const { buffer, fields: writers } = planOf(primaryType, fields)
    for (let i = 0; i < writers.length; i++) writers[i].write(values[writers[i].name], buffer, 32 * (i + 1), writers[i].name)
    return keccak(buffer)
  }

  /** hashStruct of a message given as its field values in `fields` order, from `values[at]` on. */
  function hashStructAt(primaryType, fields, values, at) {
    const { buffer, fields: writers } = planOf(primaryType, fields)
    for (let i = 0; i < writers.length; i++) writers[i].write(values[at + i], buffer, 32 * (i + 1), writers[i].name)
    return keccak(buffer)
  }

  function domainSeparator(domain) {
    let separator = separatorsByDomain.get(domain)
    if (separator) return separator
    const cacheKey = `${domain.name}|${domain.version}|${domain.chainId}|${domain.verifyingContract}|${domain.salt}`
    separator = domainSeparators.get(cacheKey)
    if (!separator) {
      const fields = domainFieldTypes.filter(([name]) => domain[name] !== undefined).map(([name, type]) => ({ name, type }))
      separator = hashStruct('EIP712Domain', fields, domain)
      if (domainSeparators.size > 10_000) domainSeparators.clear()
      domainSeparators.set(cacheKey, separator)
    }
    separatorsByDomain.set(domain, separator)
    return separator
  }

  const signed = Buffer.from([0x19, 0x01, ...new Uint8Array(64)])
  /** keccak256(0x1901 ‖ domainSeparator ‖ hashStruct(message)): the bytes the signer signed. */
  function typedDataDigest({ domain, types, primaryType, message }) {
    const fields = types[primaryType]
    if (!fields) throw new SignatureFormatError(`unknown primary type ${primaryType}`)
    signed.set(domainSeparator(domain), 2)
    signed.set(hashStruct(primaryType, fields, message), 34)
    return keccak(signed)
  }

  /** typedDataDigest of a packed item (packItems): its message's field values start at `values[at]`. */
  function packedDigest(domain, types, primaryType, values, at) {
    const fields = types[primaryType]
    if (!fields) throw new SignatureFormatError(`unknown primary type ${primaryType}`)
    signed.set(domainSeparator(domain), 2)
    signed.set(hashStructAt(primaryType, fields, values, at), 34)
    return keccak(signed)
  }

  return { typedDataDigest, packedDigest }
}

/**
 * Items as one flat message for a worker thread: each distinct domain and (types, primaryType)
 * once, then per item its domain's and shape's index, its signature and its message's field values
 * in the type's order (a field the message lacks: undefined, as `message[name]` reads). A
 * structured clone then copies values, not an object with its keys per item (about half the
 * cost). Unpacked by `verifyPacked`.
 * @param {readonly import('./verifier-core.d.mts').TypedDataItem[]} items
 * @returns {import('./verifier-core.d.mts').PackedItems}
 */
export function packItems(items) {
  const domains = []
  const domainAt = new Map()
  const shapes = []
  const values = []
  let lastTypes
  let lastPrimaryType
  let lastShape = -1
  for (const { domain, types, primaryType, message, signature } of items) {
    let d = domainAt.get(domain)
    if (d === undefined) domainAt.set(domain, (d = domains.push(domain) - 1))
    if (types !== lastTypes || primaryType !== lastPrimaryType) {
      lastTypes = types
      lastPrimaryType = primaryType
      lastShape = shapes.findIndex((shape) => shape.types === types && shape.primaryType === primaryType)
      if (lastShape < 0) lastShape = shapes.push({ types, primaryType }) - 1
    }
    values.push(d, lastShape, signature)
    const fields = types[primaryType]
    if (fields) for (let i = 0; i < fields.length; i++) values.push(message[fields[i].name])
  }
  return { count: items.length, domains, shapes, values }
}

/** Characters of one item in `PackedResults.results`: `0x` + 64 hex (digest), `0x` + 40 hex (signer). */
const PACKED_RESULT_WIDTH = 108

/**
 * The results of a packed chunk as `verifyMany` gives them, in order: each digest and signer a
 * slice of the one string the worker sent.
 * @param {import('./verifier-core.d.mts').PackedResults} packed
 * @returns {import('./verifier-core.d.mts').VerifyResult[]}
 */
export function unpackResults({ results, failures }) {
  const out = new Array(results.length / PACKED_RESULT_WIDTH)
  for (let k = 0, at = 0; k < out.length; k++, at += PACKED_RESULT_WIDTH) {
    out[k] = { digest: results.slice(at, at + 66), signer: results.slice(at + 66, at + PACKED_RESULT_WIDTH) }
  }
  for (const [k, digest, error] of failures) out[k] = digest === null ? { error } : { digest, error }
  return out
}

/** Splits a 65-byte signature; rejects what either backend might treat differently (EIP-2 low s). */
function parseSignature(signature) {
  const bytes = hexToBytes(signature, 'signature')
  if (bytes.length !== 65) throw new SignatureFormatError('signature is not 65 bytes')
  const v = bytes[64]
  const recovery = v >= 27 ? v - 27 : v
  if (recovery !== 0 && recovery !== 1) throw new SignatureFormatError('signature v is not 27 or 28')
  // big-endian words compare as bytes: no BigInt per signature
  if (bytes.compare(ZERO_WORD, 0, 32, 0, 32) === 0 || bytes.compare(CURVE_N_BYTES, 0, 32, 0, 32) >= 0) throw new SignatureFormatError('signature r is out of range')
  if (bytes.compare(ZERO_WORD, 0, 32, 32, 64) === 0 || bytes.compare(HALF_N_BYTES, 0, 32, 32, 64) > 0) throw new SignatureFormatError('signature s is out of range (high s)')
  return { compact: bytes.subarray(0, 64), recovery }
}

function nativeBackend() {
  // `secp256k1` falls back to elliptic when its binding is missing: ask for the binding itself.
  return require('secp256k1/bindings')
}

/**
 * A verifier over one backend. `backend: 'auto'` picks native when the binding loads.
 * @param {{ backend?: 'auto' | 'native' | 'js' }} [options]
 */
export async function createVerifier({ backend = 'auto' } = {}) {
  let chosen = backend
  let native
  if (backend !== 'js') {
    try {
      native = nativeBackend()
      chosen = 'native'
    } catch (error) {
      if (backend === 'native') throw error
      chosen = 'js'
    }
  }
  let keccak
  let recoverPublicKey
  if (chosen === 'native') {
    const { createKeccak } = await import('hash-wasm')
    const hasher = await createKeccak(256)
    keccak = (data) => hasher.init().update(data).digest('binary')
    recoverPublicKey = (compact, recovery, digest) => native.ecdsaRecover(compact, recovery, digest, false)
  } else {
    const [{ keccak_256 }, { secp256k1 }] = await Promise.all([import('@noble/hashes/sha3'), import('@noble/curves/secp256k1')])
    keccak = (data) => keccak_256(data)
    recoverPublicKey = (compact, recovery, digest) =>
      secp256k1.Signature.fromCompact(compact).addRecoveryBit(recovery).recoverPublicKey(digest).toRawBytes(false)
  }
  const { typedDataDigest, packedDigest } = createEncoder(keccak)

  /**
   * @param {{ domain: object, types: object, primaryType: string, message: object, signature: string }} item
   * @returns {{ digest: string, signer: string } | { digest?: string, error: string }}
   */
  /** The signer of `digestBytes` as 0x-hex, or a SignatureFormatError. */
  function signerOf(digestBytes, signature) {
    const { compact, recovery } = parseSignature(signature)
    let publicKey
    try {
      publicKey = recoverPublicKey(compact, recovery, digestBytes)
    } catch {
      throw new SignatureFormatError('signature does not recover to a public key')
    }
    return `0x${Buffer.from(keccak(publicKey.subarray(1))).subarray(12).toString('hex')}`
  }

  function verifyOne(item) {
    let digest
    try {
      const digestBytes = typedDataDigest(item)
      digest = `0x${Buffer.from(digestBytes).toString('hex')}`
      return { digest, signer: signerOf(digestBytes, item.signature) }
    } catch (error) {
      if (error instanceof SignatureFormatError) return { digest, error: error.message }
      throw error
    }
  }

  /**
   * verifyMany over packed items (packItems), answered packed: one string of fixed-width results
   * and the failures apart ([index, digest or null, error]), so the structured clone back copies
   * one string, not an object per item.
   */
  function verifyPacked({ count, domains, shapes, values }) {
    const parts = new Array(count)
    const failures = []
    const failed = '-'.repeat(PACKED_RESULT_WIDTH)
    for (let k = 0, at = 0; k < count; k++) {
      const domain = domains[values[at]]
      const { types, primaryType } = shapes[values[at + 1]]
      const signature = values[at + 2]
      at += 3
      let digest = null
      try {
        const digestBytes = packedDigest(domain, types, primaryType, values, at)
        digest = `0x${Buffer.from(digestBytes).toString('hex')}`
        parts[k] = digest + signerOf(digestBytes, signature)
      } catch (error) {
        if (!(error instanceof SignatureFormatError)) throw error
        failures.push([k, digest, error.message])
        parts[k] = failed
      }
      at += types[primaryType]?.length ?? 0
    }
    return { results: parts.join(''), failures }
  }

  return {
    backend: chosen,
    verifyOne,
    verifyMany: (items) => items.map(verifyOne),
    verifyPacked,
    digestOf: (item) => `0x${Buffer.from(typedDataDigest(item)).toString('hex')}`,
  }
}
