export type OpcodeScan = { selfdestruct: boolean; delegatecall: boolean }

/** Solidity's trailing CBOR metadata: its bytes are data, not code. */
function codeLength(bytes: Uint8Array): number {
  if (bytes.length < 4) return bytes.length
  const metadata = (bytes[bytes.length - 2]! << 8) | bytes[bytes.length - 1]!
  const start = bytes.length - 2 - metadata
  const first = bytes[start]
  return metadata > 0 && start > 0 && first !== undefined && first >= 0xa1 && first <= 0xa5 ? start : bytes.length
}

/** Finds SELFDESTRUCT (0xff) and DELEGATECALL (0xf4) among the opcodes of runtime code, skipping PUSH data. */
export function scanOpcodes(code: `0x${string}` | undefined): OpcodeScan {
  const result = { selfdestruct: false, delegatecall: false }
  if (!code || code === '0x') return result
  const bytes = Uint8Array.from(Buffer.from(code.slice(2), 'hex'))
  const end = codeLength(bytes)
  for (let pc = 0; pc < end; pc++) {
    const op = bytes[pc]!
    if (op >= 0x60 && op <= 0x7f) pc += op - 0x5f
    else if (op === 0xff) result.selfdestruct = true
    else if (op === 0xf4) result.delegatecall = true
  }
  return result
}
