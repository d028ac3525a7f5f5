// Measuring helpers of bench:cluster: CPU seconds of processes (from /proc), bytes in the blob
// store, bench sessions, and a photo-like JPEG of about 200 KB made unique per upload.
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import type postgres from 'postgres'
import sharp from 'sharp'
import { sha256Hex } from '@mosaic/util'

const TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100

/** User + system CPU seconds the processes have used so far (utime and stime of /proc/<pid>/stat). */
export function cpuSeconds(procs: { pid: number | null }[]): number {
  let ticks = 0
  for (const { pid } of procs) {
    if (!pid) continue
    // Fields after the command (which may hold spaces) start at the 3rd; utime and stime are the 14th and 15th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    ticks += Number(fields[11]) + Number(fields[12])
  }
  return ticks / TICKS
}

/** Bytes of every file under DATA_DIR/media (originals and rendered sizes). */
export function blobBytes(dataDir: string): number {
  const walk = (dir: string): number => {
    let sum = 0
    let entries: string[]
    try {
      entries = readdirSync(dir)
    } catch {
      return 0
    }
    for (const name of entries) {
      const full = path.join(dir, name)
      const st = statSync(full)
      sum += st.isDirectory() ? walk(full) : st.size
    }
    return sum
  }
  return walk(path.join(dataDir, 'media'))
}

/** Sessions inserted directly (a bench need not pay argon2 per reader); returns their bearer tokens. */
export async function insertSessions(sql: postgres.Sql, userIds: string[]): Promise<string[]> {
  const tokens = userIds.map((userId) => ({ userId, token: randomBytes(32).toString('base64url') }))
  for (let i = 0; i < tokens.length; i += 1000) {
    const batch = tokens.slice(i, i + 1000).map((t) => ({ id: crypto.randomUUID(), user_id: t.userId, token_hash: sha256Hex(t.token), user_agent: 'bench', expires_at: new Date(Date.now() + 86400e3) }))
    await sql`insert into sessions ${sql(batch)}`
  }
  return tokens.map((t) => t.token)
}

/** A photo-like JPEG (smooth gradient and fine grain) of 1440×1080, about the seeds' 200 KB. */
export async function photoLike(): Promise<Buffer> {
  const width = 1440
  const height = 1080
  const grain = await sharp({ create: { width, height, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 30 } } })
    .blur(1.5)
    .raw()
    .toBuffer()
  const gradient = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#2a6"/><stop offset="0.5" stop-color="#fc4"/><stop offset="1" stop-color="#36c"/></linearGradient></defs><rect width="100%" height="100%" fill="url(#g)"/></svg>`,
  )
  return sharp(grain, { raw: { width, height, channels: 3 } }).composite([{ input: gradient, blend: 'soft-light' }]).jpeg({ quality: 84 }).toBuffer()
}

/** The same JPEG with a unique comment segment: a new content hash (no dedup), the same pixels. */
export function uniqueJpeg(jpeg: Buffer, n: number): Buffer {
  const text = Buffer.from(`mosaic-bench-cluster-${process.pid}-${n}-${Math.random()}`)
  const seg = Buffer.alloc(4)
  seg.writeUInt16BE(0xfffe, 0)
  seg.writeUInt16BE(text.length + 2, 2)
  return Buffer.concat([jpeg.subarray(0, 2), seg, text, jpeg.subarray(2)])
}
