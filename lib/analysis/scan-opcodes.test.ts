import { describe, expect, it } from 'vitest'
import { scanOpcodes } from './scan-opcodes'

describe('scanOpcodes', () => {
  it('finds SELFDESTRUCT and DELEGATECALL opcodes', () => {
    expect(scanOpcodes('0x33ff')).toEqual({ selfdestruct: true, delegatecall: false })
    expect(scanOpcodes('0x3660008037f4')).toEqual({ selfdestruct: false, delegatecall: true })
  })

  it('skips PUSH data, so 0xff inside a constant is not an opcode', () => {
    expect(scanOpcodes('0x60ff7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff00')).toEqual({ selfdestruct: false, delegatecall: false })
  })

  it('ignores Solidity CBOR metadata at the end', () => {
    // 0x00 (STOP) · metadata a1 65 ... ff f4 · length 0x0009
    expect(scanOpcodes('0x00a165627a7a72ff00f40009')).toEqual({ selfdestruct: false, delegatecall: false })
  })

  it('treats no code as nothing found', () => {
    expect(scanOpcodes('0x')).toEqual({ selfdestruct: false, delegatecall: false })
    expect(scanOpcodes(undefined)).toEqual({ selfdestruct: false, delegatecall: false })
  })
})
