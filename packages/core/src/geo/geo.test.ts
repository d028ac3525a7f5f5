import { describe, expect, it } from 'vitest'
import { geohashCover } from './geo.ts'

describe('geohashCover', () => {
  it('picks cells at least as high and wide as the radius, so 3×3 of them hold the circle', () => {
    for (const [lat, r] of [[0, 0.05], [48.85, 1], [48.85, 5], [-33.9, 50], [70, 20]] as const) {
      const c = geohashCover(lat, r)
      expect(c.precision).toBeGreaterThan(0)
      expect(c.cellLat * 111.32).toBeGreaterThanOrEqual(r)
      expect(c.cellLng * 111.32 * Math.cos(((Math.abs(lat) + r / 111) * Math.PI) / 180)).toBeGreaterThanOrEqual(r)
      // and the next precision would be too small: the ranges stay short
      if (c.precision < 9) expect(geohashCover(lat, r / 40).precision).toBeGreaterThan(c.precision)
    }
  })

  it('falls back to every place near a pole, where no cell is wide enough', () => {
    expect(geohashCover(89.9, 50)).toEqual({ precision: 0, cellLat: 180, cellLng: 360 })
  })
})
