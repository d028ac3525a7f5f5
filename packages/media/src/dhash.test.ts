import { describe, expect, it } from 'vitest'
import { dhashOf } from './dhash.ts'
import { hammingDistance } from './index.ts'

// A horizontal ramp, dark on the left: every pixel is darker than its right neighbour.
function ramp(width: number, height: number, rightToLeft = false): { data: Buffer; width: number; height: number; channels: 3 } {
  const data = Buffer.alloc(width * height * 3)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = Math.round((255 * (rightToLeft ? width - 1 - x : x)) / (width - 1))
      data.fill(v, (y * width + x) * 3, (y * width + x) * 3 + 3)
    }
  }
  return { data, width, height, channels: 3 }
}

describe('dHash', () => {
  it('sets a bit where a pixel is brighter than its right neighbour', async () => {
    expect(await dhashOf(ramp(90, 80))).toBe('0000000000000000')
    expect(await dhashOf(ramp(90, 80, true))).toBe('ffffffffffffffff')
  })

  it('is unchanged by resizing', async () => {
    expect(await dhashOf(ramp(900, 800, true))).toBe(await dhashOf(ramp(45, 40, true)))
  })

  it('counts differing bits', () => {
    expect(hammingDistance('0000000000000000', '0000000000000000')).toBe(0)
    expect(hammingDistance('0000000000000000', 'ffffffffffffffff')).toBe(64)
    expect(hammingDistance('8000000000000001', '0000000000000000')).toBe(2)
    expect(() => hammingDistance('xyz', '0000000000000000')).toThrow(RangeError)
  })
})
