// pnpm bench:upload — a 12-megapixel JPEG through post.create over HTTP, end to end, against
// rendering the same variants with bare sharp in the same run; then uploads/s at concurrency 4
// and the server's peak RSS while 20 uploads of ~25 MB arrive at once. Not part of the tests.
import { spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { processImage } from '@mosaic/media'
import { DEFAULT_LIMITS, imageLimitsOf } from '@mosaic/validators'
import sharp from 'sharp'

const root = path.resolve(import.meta.dirname, '../../..')
const MP12 = { width: 4000, height: 3000 }

/** A photo-like 12 MP JPEG: smooth gradients plus fine noise, so encoders work as on real photos. */
async function makeJpeg(width: number, height: number, quality: number): Promise<Buffer> {
  const noise = await sharp({ create: { width, height, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 40 } } })
    .blur(1.2)
    .raw()
    .toBuffer()
  const gradient = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#2a6"/><stop offset="0.5" stop-color="#fc4"/><stop offset="1" stop-color="#36c"/></linearGradient></defs><rect width="100%" height="100%" fill="url(#g)"/></svg>`,
  )
  return sharp(noise, { raw: { width, height, channels: 3 } })
    .composite([{ input: gradient, blend: 'soft-light' }])
    .jpeg({ quality })
    .toBuffer()
}

/** The same JPEG with a unique comment segment: new content hash (no dedup), same pixels. */
function unique(jpeg: Buffer, n: number): Buffer {
  const text = Buffer.from(`mosaic-bench-${process.pid}-${n}-${Math.random()}`)
  const seg = Buffer.alloc(4)
  seg.writeUInt16BE(0xfffe, 0)
  seg.writeUInt16BE(text.length + 2, 2)
  return Buffer.concat([jpeg.subarray(0, 2), seg, text, jpeg.subarray(2)])
}

/** Bare sharp: one decode (upright, sRGB), then the four sizes in parallel, with the pipeline's encoder settings. */
async function bareSharp(input: Buffer) {
  const { data, info } = await sharp(input, { failOn: 'error' }).rotate().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true })
  const from = () => sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } })
  await Promise.all([
    from().resize(320, 320, { fit: 'cover', position: sharp.strategy.attention }).webp({ quality: 80, effort: 3 }).toBuffer(),
    from().resize({ width: 640, withoutEnlargement: true }).webp({ quality: 80, effort: 3 }).toBuffer(),
    from().resize({ width: 1080, withoutEnlargement: true }).webp({ quality: 80, effort: 3 }).toBuffer(),
    from().webp({ quality: 80, effort: 2 }).toBuffer(),
  ])
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
async function timeEach(n: number, fn: (i: number) => Promise<unknown>) {
  const times: number[] = []
  for (let i = 0; i < n; i++) {
    const t0 = performance.now()
    await fn(i)
    times.push(performance.now() - t0)
  }
  return times
}

function readRss(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024
}

async function startServer(dataDir: string): Promise<{ child: ChildProcess; base: string }> {
  const port = 3900 + Math.floor(Math.random() * 90)
  const child = spawn(process.execPath, [path.join(root, 'apps/api/dist/main.js')], {
    // As `pnpm start` runs it: MALLOC_ARENA_MAX=2 keeps glibc from holding freed image buffers in per-thread arenas.
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', MALLOC_ARENA_MAX: '2' },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const base = `http://127.0.0.1:${port}`
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) return { child, base }
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error('server did not start (run `pnpm build` first)')
}

async function main() {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'mosaic-bench-upload-'))
  const { child, base } = await startServer(dataDir)
  try {
    const signUp = await fetch(`${base}/trpc/auth.signUp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'bench', email: 'bench@example.test', password: 'bench password' }),
    })
    const { token } = ((await signUp.json()) as { result: { data: { token: string } } }).result.data
    let busy = 0
    // As the web app does: a full queue answers 503 with Retry-After before reading the body (a
    // client still sending may only see the connection close); retry with the same Idempotency-Key.
    const upload = async (bytes: Buffer, name = 'photo.jpg') => {
      const key = randomUUID()
      for (let attempt = 0; ; attempt++) {
        const form = new FormData()
        form.append('files', new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' }), name)
        form.append('caption', 'benchmark #bench')
        const res = await fetch(`${base}/trpc/post.create`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'idempotency-key': key }, body: form }).catch(
          () => null,
        )
        if (res?.ok) return void (await res.arrayBuffer())
        if (attempt >= 10 || (res && res.status !== 503 && res.status !== 409)) throw new Error(`upload failed: ${res?.status ?? 'no answer'} ${res ? await res.text() : ''}`)
        busy++
        await new Promise((r) => setTimeout(r, Number(res?.headers.get('retry-after') ?? 1) * 1000))
      }
    }

    const photo = await makeJpeg(MP12.width, MP12.height, 92)
    let n = 0
    // Warm both paths once (JIT, libvips thread pool, WASM, database pages).
    await bareSharp(unique(photo, n++))
    await upload(unique(photo, n++))

    const RUNS = 7
    const bare = await timeEach(RUNS, () => bareSharp(unique(photo, n++)))
    const pipeline = await timeEach(RUNS, () => processImage(unique(photo, n++), imageLimitsOf(DEFAULT_LIMITS)))
    const e2e = await timeEach(RUNS, () => upload(unique(photo, n++)))

    const C4 = 16
    const t4 = performance.now()
    let next = 0
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < C4) {
          next++
          await upload(unique(photo, n++))
        }
      }),
    )
    const perSecond4 = C4 / ((performance.now() - t4) / 1000)

    // 20 uploads of ~25 MB at once; sample the server's RSS every 20 ms.
    const big = await makeJpeg(6000, 4000, 100)
    const bigs = Array.from({ length: 20 }, (_, i) => unique(big, 10_000 + i))
    const baselineRss = readRss(child.pid!)
    let peak = baselineRss
    const sampler = setInterval(() => (peak = Math.max(peak, readRss(child.pid!))), 20)
    const tb = performance.now()
    const results = await Promise.allSettled(bigs.map((b, i) => upload(b, `big-${i}.jpg`)))
    const burstSeconds = (performance.now() - tb) / 1000
    clearInterval(sampler)
    const failed = results.filter((r) => r.status === 'rejected')

    const ratio = median(e2e) / median(bare)
    const rows: [string, string][] = [
      ['input', `${MP12.width}×${MP12.height} JPEG, ${(photo.length / 1e6).toFixed(1)} MB`],
      ['bare sharp (decode + 4 sizes), median', `${median(bare).toFixed(0)} ms`],
      ['media pipeline (+ placeholder, dHash, checks), median', `${median(pipeline).toFixed(0)} ms`],
      ['post.create over HTTP, concurrency 1, median', `${median(e2e).toFixed(0)} ms`],
      ['ratio end-to-end / bare sharp (goal ≤ 1.25)', ratio.toFixed(2)],
      ['uploads per second, concurrency 4', perSecond4.toFixed(2)],
      [`20 × ${(big.length / 1e6).toFixed(1)} MB at once: peak server RSS (goal < 1024 MB)`, `${(peak / 2 ** 20).toFixed(0)} MB (idle ${(baselineRss / 2 ** 20).toFixed(0)} MB)`],
      ['20-upload burst: wall time, failures, busy retries', `${burstSeconds.toFixed(1)} s, ${failed.length}, ${busy}`],
    ]
    const width = Math.max(...rows.map((r) => r[0].length))
    console.log('\nMosaic upload benchmark\n')
    for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`)
    console.log(
      '\n' +
        JSON.stringify({
          bench: 'upload',
          inputBytes: photo.length,
          bareSharpMs: Math.round(median(bare)),
          pipelineMs: Math.round(median(pipeline)),
          endToEndMs: Math.round(median(e2e)),
          ratio: Number(ratio.toFixed(3)),
          uploadsPerSecondC4: Number(perSecond4.toFixed(2)),
          burst: { uploads: 20, bytesEach: big.length, peakRssMb: Math.round(peak / 2 ** 20), idleRssMb: Math.round(baselineRss / 2 ** 20), seconds: Number(burstSeconds.toFixed(1)), failures: failed.length, busyRetries: busy },
        }),
    )
    if (failed.length) console.error((failed[0] as PromiseRejectedResult).reason)
  } finally {
    child.kill('SIGTERM')
    rmSync(dataDir, { recursive: true, force: true })
  }
}

await main()
