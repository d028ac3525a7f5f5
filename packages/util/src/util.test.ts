import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { sha256Hex, withTimeout } from './index.ts'

describe('withTimeout', () => {
  it('answers with the promise when it settles in time, value or error', async () => {
    await expect(withTimeout(Promise.resolve(42), 1000)).resolves.toBe(42)
    await expect(withTimeout(Promise.reject(new Error('refused')), 1000)).rejects.toThrow('refused')
  })

  it('rejects naming the deadline when the promise does not answer', async () => {
    const never = new Promise<never>(() => {})
    await expect(withTimeout(never, 10)).rejects.toThrow('no answer within 10 ms')
    await expect(withTimeout(never, 10, 'queue did not answer')).rejects.toThrow('queue did not answer')
  })
})

describe('sha256Hex', () => {
  it('hashes bytes and strings alike, as lowercase hex', () => {
    const expected = createHash('sha256').update('mosaic').digest('hex')
    expect(sha256Hex('mosaic')).toBe(expected)
    expect(sha256Hex(new TextEncoder().encode('mosaic'))).toBe(expected)
    expect(sha256Hex('')).toMatch(/^[0-9a-f]{64}$/)
  })
})
