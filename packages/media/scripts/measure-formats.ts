// Measures candidate output encodings on the shared photo fixtures so the choice in src/encode.ts rests on
// numbers, not habit. Run from the repo root:  pnpm exec tsx packages/media/scripts/measure-formats.ts
//
// For each photo it renders the `large` variant (1080 px wide) as lossless raw pixels, encodes that with each
// candidate, decodes the result and compares it with the raw render (PSNR over RGB, SSIM over luma). It then
// times each candidate on a synthetic 12 MP photo, because the `original` variant dominates upload latency.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import sharp, { type Sharp } from 'sharp'
import { FIXTURES_DIR as FIXTURES } from '../src/fixtures.testing.ts'
import { syntheticPhoto } from '../src/testing.ts'

sharp.cache(false)

const PHOTOS = ['flowers.jpeg', 'Landscape_1.jpg', 'Landscape_9.jpg', 'concert.jpg', 'blackbug.png', 'pitm.avif']

// `at12mp: false` skips candidates already too slow at 1080 px to be worth a 20 s run at 12 MP.
type Candidate = { label: string; encode: (img: Sharp) => Sharp; at12mp?: false }
const jpeg = (quality: number, mozjpeg = false) => (i: Sharp) => i.flatten({ background: '#ffffff' }).jpeg({ quality, mozjpeg })
const CANDIDATES: Candidate[] = [
  { label: 'jpeg q80', encode: jpeg(80) },
  { label: 'jpeg q85', encode: jpeg(85) },
  { label: 'jpeg q85 mozjpeg', encode: jpeg(85, true) },
  { label: 'webp q75 e4', encode: (i) => i.webp({ quality: 75, effort: 4 }) },
  { label: 'webp q80 e4', encode: (i) => i.webp({ quality: 80, effort: 4 }) },
  { label: 'webp q80 e3', encode: (i) => i.webp({ quality: 80, effort: 3 }) },
  { label: 'webp q80 e2', encode: (i) => i.webp({ quality: 80, effort: 2 }) },
  { label: 'webp q85 e4', encode: (i) => i.webp({ quality: 85, effort: 4 }) },
  { label: 'webp q85 e2', encode: (i) => i.webp({ quality: 85, effort: 2 }) },
  { label: 'avif q45 e2', encode: (i) => i.avif({ quality: 45, effort: 2 }) },
  { label: 'avif q50 e2', encode: (i) => i.avif({ quality: 50, effort: 2 }) },
  { label: 'avif q50 e4', encode: (i) => i.avif({ quality: 50, effort: 4 }), at12mp: false },
  { label: 'avif q60 e2', encode: (i) => i.avif({ quality: 60, effort: 2 }) },
]

type Raw = { data: Buffer; width: number; height: number; channels: 3 | 4 }

function fromRaw(raw: Raw): Sharp {
  return sharp(raw.data, { raw: { width: raw.width, height: raw.height, channels: raw.channels } })
}

async function toRgb(img: Sharp): Promise<Raw> {
  const { data, info } = await img.flatten({ background: '#ffffff' }).toColourspace('srgb').raw().toBuffer({ resolveWithObject: true })
  return { data, width: info.width, height: info.height, channels: 3 }
}

function psnr(a: Buffer, b: Buffer): number {
  let sum = 0
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0)
    sum += d * d
  }
  const mse = sum / a.length
  return mse === 0 ? Infinity : 10 * Math.log10((255 * 255) / mse)
}

function luma(raw: Raw): Float64Array {
  const out = new Float64Array(raw.width * raw.height)
  for (let p = 0; p < out.length; p++) {
    const i = p * 3
    out[p] = 0.299 * (raw.data[i] ?? 0) + 0.587 * (raw.data[i + 1] ?? 0) + 0.114 * (raw.data[i + 2] ?? 0)
  }
  return out
}

// Mean SSIM over 8x8 windows with stride 4: the classic formulation without the Gaussian weighting, plenty to
// rank encoders against each other.
function ssim(a: Raw, b: Raw): number {
  const ya = luma(a)
  const yb = luma(b)
  const c1 = (0.01 * 255) ** 2
  const c2 = (0.03 * 255) ** 2
  let total = 0
  let windows = 0
  for (let y = 0; y + 8 <= a.height; y += 4) {
    for (let x = 0; x + 8 <= a.width; x += 4) {
      let sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0
      for (let dy = 0; dy < 8; dy++) {
        for (let dx = 0; dx < 8; dx++) {
          const p = (y + dy) * a.width + x + dx
          const va = ya[p] ?? 0
          const vb = yb[p] ?? 0
          sa += va; sb += vb; saa += va * va; sbb += vb * vb; sab += va * vb
        }
      }
      const ma = sa / 64, mb = sb / 64
      const va = saa / 64 - ma * ma, vb = sbb / 64 - mb * mb, cov = sab / 64 - ma * mb
      total += ((2 * ma * mb + c1) * (2 * cov + c2)) / ((ma * ma + mb * mb + c1) * (va + vb + c2))
      windows++
    }
  }
  return total / windows
}

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now()
  const value = await fn()
  return { value, ms: performance.now() - start }
}

const median = (xs: number[]): number => [...xs].sort((p, q) => p - q)[Math.floor(xs.length / 2)] ?? NaN
const pad = (s: string | number, n: number): string => String(s).padStart(n)

async function main(): Promise<void> {
  console.log(`sharp ${sharp.versions.sharp}, libvips ${sharp.versions.vips}, libvips threads ${sharp.concurrency()}\n`)
  const totals = new Map<string, { bytes: number; ms: number; psnr: number; ssim: number }>()

  for (const name of PHOTOS) {
    const input = readFileSync(path.join(FIXTURES, name))
    const { data, info } = await sharp(input, { failOn: 'error' }).autoOrient().toColourspace('srgb')
      .resize({ width: 1080, withoutEnlargement: true }).raw().toBuffer({ resolveWithObject: true })
    const large: Raw = { data, width: info.width, height: info.height, channels: info.channels === 4 ? 4 : 3 }
    const reference = await toRgb(fromRaw(large))
    console.log(`${name}: large ${large.width}x${large.height}${large.channels === 4 ? ' (alpha)' : ''}`)
    for (const c of CANDIDATES) {
      // One at a time, so the figure is one core's encode time rather than a measure of contention.
      const runs: { value: Buffer; ms: number }[] = []
      for (let r = 0; r < 3; r++) runs.push(await timed(() => c.encode(fromRaw(large)).toBuffer()))
      const encoded = runs[0]?.value ?? Buffer.alloc(0)
      const decoded = await toRgb(sharp(encoded))
      const row = { bytes: encoded.length, ms: median(runs.map((r) => r.ms)), psnr: psnr(reference.data, decoded.data), ssim: ssim(reference, decoded) }
      const t = totals.get(c.label) ?? { bytes: 0, ms: 0, psnr: 0, ssim: 0 }
      // Capped so one identical decode (a lossless alpha edge case) does not make the mean infinite.
      totals.set(c.label, { bytes: t.bytes + row.bytes, ms: t.ms + row.ms, psnr: t.psnr + Math.min(row.psnr, 60), ssim: t.ssim + row.ssim })
      console.log(`  ${c.label.padEnd(18)} ${pad(row.bytes, 8)} B ${pad(row.ms.toFixed(0), 5)} ms  PSNR ${row.psnr.toFixed(2)} dB  SSIM ${row.ssim.toFixed(4)}`)
    }
  }

  console.log(`\nTotals over ${PHOTOS.length} photos at <=1080 px (sum of bytes, sum of median encode ms; mean PSNR capped at 60 dB, mean SSIM):`)
  for (const [label, t] of totals) {
    console.log(`  ${label.padEnd(18)} ${pad(t.bytes, 8)} B ${pad(t.ms.toFixed(0), 5)} ms  PSNR ${(t.psnr / PHOTOS.length).toFixed(2)} dB  SSIM ${(t.ssim / PHOTOS.length).toFixed(4)}`)
  }

  // Encoded one at a time: the time a 12 MP `original` would add to an upload on an otherwise idle core.
  const twelve = await syntheticPhoto(4000, 3000)
  const { data, info } = await sharp(twelve).raw().toBuffer({ resolveWithObject: true })
  const full: Raw = { data, width: info.width, height: info.height, channels: 3 }
  console.log(`\nSynthetic 12 MP photo (4000x3000, JPEG ${twelve.length} B), full-size encode:`)
  for (const c of CANDIDATES.filter((candidate) => candidate.at12mp !== false)) {
    const { value, ms } = await timed(() => c.encode(fromRaw(full)).toBuffer())
    console.log(`  ${c.label.padEnd(18)} ${pad(value.length, 9)} B ${pad(ms.toFixed(0), 6)} ms`)
  }
}

await main()
