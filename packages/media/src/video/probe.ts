// ffprobe, read into the few facts the pipeline decides on, and every refusal phrased for the person who
// uploaded. The limits are checked here, before anything is stored or transcoded.
import { open, stat } from 'node:fs/promises'
import { MediaError } from '../errors.ts'
import { boxesOverrun } from './boxes.ts'
import { decodableCodecs, runTool, ToolFailure, type VideoTools } from './run.ts'
import { sniffVideo, type VideoContainer } from './sniff.ts'

export type VideoLimits = { maxBytes: number; maxDurationMs: number; maxDimension: number }

export type VideoProbe = {
  container: VideoContainer
  videoCodec: string
  audioCodec: string | null
  /** Upright (rotation applied). */
  width: number
  height: number
  /** Clockwise degrees a player turns the stored frames to show them upright. */
  rotation: 0 | 90 | 180 | 270
  durationMs: number
  fps: number
  hdr: boolean
  bitRate: number
  bytes: number
  /** As ffprobe names them (`yuv420p`, `yuv420p10le`, …; `bt709`, `arib-std-b67`, …), or null when untagged. */
  pixFmt: string | null
  colorTransfer: string | null
}

const ACCEPTED_CONTAINERS_TEXT = 'MP4, MOV or WebM'
const ACCEPTED_CODECS = new Set(['h264', 'hevc', 'vp9', 'av1'])
const HDR_TRANSFERS = new Set(['smpte2084', 'arib-std-b67'])

type FfStream = {
  codec_type?: string
  codec_name?: string
  width?: number
  height?: number
  pix_fmt?: string
  color_transfer?: string
  avg_frame_rate?: string
  r_frame_rate?: string
  duration?: string
  bit_rate?: string
  tags?: Record<string, string>
  disposition?: Record<string, number>
  side_data_list?: { side_data_type?: string; rotation?: number }[]
}
type FfProbe = { streams?: FfStream[]; format?: { format_name?: string; duration?: string; bit_rate?: string; size?: string } }

function refuse(code: MediaError['code'], message: string, cause?: unknown): MediaError {
  return new MediaError(code, message, { cause })
}

async function readHead(path: string): Promise<Buffer> {
  const file = await open(path, 'r')
  try {
    const head = Buffer.alloc(64)
    const { bytesRead } = await file.read(head, 0, head.length, 0)
    return head.subarray(0, bytesRead)
  } finally {
    await file.close()
  }
}

/** ffprobe's JSON for a file; a demuxer that gives up (truncated, not what the header claims) is CORRUPT. */
export async function ffprobeJson(path: string, tools: VideoTools): Promise<FfProbe> {
  let out: Buffer
  try {
    out = await runTool(tools.ffprobe, ['-v', 'error', '-show_streams', '-show_format', '-of', 'json', '--', path], tools)
  } catch (err) {
    if (err instanceof ToolFailure && !err.timedOut) throw refuse('CORRUPT', 'The video is truncated or corrupt', err)
    throw err
  }
  return JSON.parse(out.toString('utf8')) as FfProbe
}

function parseRate(rate: string | undefined): number {
  const [num, den] = (rate ?? '').split('/').map(Number)
  if (!num || !Number.isFinite(num)) return 0
  return den ? num / den : num
}

// The Display Matrix's rotation is counter-clockwise (ffprobe ≥ 5); the legacy `rotate` tag is clockwise.
function rotationOf(stream: FfStream): VideoProbe['rotation'] {
  const matrix = stream.side_data_list?.find((d) => d.side_data_type === 'Display Matrix' && typeof d.rotation === 'number')
  const clockwise = matrix ? -(matrix.rotation ?? 0) : Number(stream.tags?.rotate ?? 0)
  const quarter = (((Math.round(clockwise / 90) * 90) % 360) + 360) % 360
  return quarter === 90 || quarter === 180 || quarter === 270 ? quarter : 0
}

function isHdr(stream: FfStream): boolean {
  if (HDR_TRANSFERS.has(stream.color_transfer ?? '')) return true
  return stream.side_data_list?.some((d) => /dovi|dolby vision/i.test(d.side_data_type ?? '')) ?? false
}

function seconds(ms: number): string {
  const s = Math.round(ms / 100) / 10
  return `${s} ${s === 1 ? 'second' : 'seconds'}`
}

/**
 * Reads what the pipeline needs to know about a video and refuses, with a sentence, anything it will not take:
 * not an MP4/MOV/WebM, a codec this ffmpeg cannot decode, no video stream, truncated or corrupt, over the
 * duration, byte or frame-size limit.
 */
export async function probeVideo(path: string, tools: VideoTools, limits: VideoLimits): Promise<VideoProbe> {
  const { size: bytes } = await stat(path)
  if (bytes === 0) throw refuse('EMPTY', 'The file is empty')
  if (bytes > limits.maxBytes) {
    throw refuse('TOO_LARGE', `The video is ${(bytes / 1e6).toFixed(1)} MB; the limit is ${Math.round(limits.maxBytes / 1e6)} MB`)
  }
  const container = sniffVideo(await readHead(path))
  if (!container) throw refuse('UNSUPPORTED_FORMAT', `This file is not a video we accept (${ACCEPTED_CONTAINERS_TEXT})`)

  // ffprobe reads a faststart file cut short without complaint (its index is intact); the box sizes give it away.
  if (container !== 'webm' && (await boxesOverrun(path))) throw refuse('CORRUPT', 'The video is truncated or corrupt')
  const info = await ffprobeJson(path, tools)
  const format = info.format?.format_name ?? ''
  if (container === 'webm' ? !format.includes('webm') : !format.includes('mp4')) {
    throw refuse('CORRUPT', 'The video is truncated or corrupt')
  }
  const streams = info.streams ?? []
  const video = streams.find((s) => s.codec_type === 'video' && !s.disposition?.attached_pic)
  if (!video) throw refuse('UNSUPPORTED_FORMAT', 'The file has no video in it (only sound or other data)')
  const codec = video.codec_name ?? 'unknown'
  if (!ACCEPTED_CODECS.has(codec) || !(await decodableCodecs(tools)).has(codec)) {
    throw refuse('UNSUPPORTED_FORMAT', `The video is encoded as ${codec.toUpperCase()}, which we cannot play; H.264, HEVC and VP9 are accepted`)
  }
  const audio = streams.find((s) => s.codec_type === 'audio')

  const durationMs = Math.round(Number(info.format?.duration ?? video.duration ?? 0) * 1000)
  if (!(durationMs > 0)) throw refuse('CORRUPT', 'The video is truncated or corrupt (it has no length)')
  if (durationMs > limits.maxDurationMs) {
    throw refuse('TOO_LONG', `The video is ${seconds(durationMs)} long; the limit is ${seconds(limits.maxDurationMs)}`)
  }

  const rotation = rotationOf(video)
  const [storedW, storedH] = [video.width ?? 0, video.height ?? 0]
  if (!storedW || !storedH) throw refuse('CORRUPT', 'The video is truncated or corrupt (no frame size)')
  if (Math.max(storedW, storedH) > limits.maxDimension) {
    throw refuse('TOO_MANY_PIXELS', `The video is ${storedW}×${storedH} pixels; the limit is ${limits.maxDimension} pixels on the long side`)
  }
  const [width, height] = rotation === 90 || rotation === 270 ? [storedH, storedW] : [storedW, storedH]

  return {
    container,
    videoCodec: codec,
    audioCodec: audio?.codec_name ?? null,
    width,
    height,
    rotation,
    durationMs,
    fps: parseRate(video.avg_frame_rate) || parseRate(video.r_frame_rate),
    hdr: isHdr(video),
    bitRate: Number(info.format?.bit_rate) || Math.round((bytes * 8) / (durationMs / 1000)),
    bytes,
    pixFmt: video.pix_fmt ?? null,
    colorTransfer: video.color_transfer ?? null,
  }
}
