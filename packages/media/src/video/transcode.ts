// The one format served: H.264 High + AAC in MP4 with the index first, 720p at most, SDR, upright, no metadata.
import { rm } from 'node:fs/promises'
import { MediaError } from '../errors.ts'
import { assertServable } from './boxes.ts'
import { MAX_FPS, targetSize, TARGET_SHORT_SIDE, videoFilter } from './filters.ts'
import { ffprobeJson, type VideoProbe } from './probe.ts'
import { runTool, ToolFailure, type VideoTools } from './run.ts'

export type TranscodeResult = { mode: 'remux' | 'transcode'; width: number; height: number; bytes: number; durationMs: number }

// What x264 at CRF 23 "veryfast" makes of busy 720p phone footage is about 2–5 Mbit/s; a web-ready upload at
// or under this is kept as it is rather than re-encoded into something no smaller and a generation worse.
export const REMUX_MAX_BITRATE = 5_000_000

const STRIP = ['-map_metadata', '-1', '-map_chapters', '-1', '-sn', '-dn']
const MP4 = ['-movflags', '+faststart', '-f', 'mp4']

/** Already what we would serve: only the container is rewritten (metadata dropped, index moved first). */
export function canRemux(probe: VideoProbe): boolean {
  return (
    (probe.container === 'mp4' || probe.container === 'mov') &&
    probe.videoCodec === 'h264' &&
    (probe.audioCodec === null || probe.audioCodec === 'aac') &&
    probe.pixFmt === 'yuv420p' &&
    !probe.hdr &&
    // A stream copy keeps the display matrix; a rotated clip is re-encoded so its frames themselves are upright.
    probe.rotation === 0 &&
    Math.min(probe.width, probe.height) <= TARGET_SHORT_SIDE &&
    probe.fps <= MAX_FPS &&
    probe.bitRate <= REMUX_MAX_BITRATE
  )
}

function remuxArgs(input: string, output: string): string[] {
  return ['-v', 'error', '-nostdin', '-y', '-i', input, '-map', '0:v:0', '-map', '0:a:0?', '-c', 'copy', ...STRIP, ...MP4, output]
}

// libx264 "veryfast": on two shared cores a 60 s 1080p clip must not hold the worker for many minutes;
// veryfast encodes ~2–3× faster than the default "medium" for ~10% more bytes at the same CRF, a good trade
// for files encoded once and watched at phone sizes. CRF 23 is x264's default constant-quality point.
function transcodeArgs(input: string, output: string, probe: VideoProbe): string[] {
  const size = targetSize(probe)
  const filters = [videoFilter(probe, size, 'yuv420p'), ...(probe.fps > MAX_FPS ? [`fps=${MAX_FPS}`] : [])]
  const sdrTags = probe.hdr ? ['-color_primaries', 'bt709', '-color_trc', 'bt709', '-colorspace', 'bt709'] : []
  return [
    '-v', 'error', '-nostdin', '-y', '-i', input,
    '-map', '0:v:0', '-map', '0:a:0?', ...STRIP,
    '-vf', filters.join(','),
    // Phone clips are often variable frame rate: keep their timestamps instead of duplicating frames.
    '-vsync', 'vfr',
    '-c:v', 'libx264', '-profile:v', 'high', '-preset', 'veryfast', '-crf', '23', '-pix_fmt', 'yuv420p', ...sdrTags,
    '-c:a', 'aac', '-b:a', '128k', '-ac', '2',
    ...MP4, output,
  ]
}

/**
 * Writes the served MP4 to `output` (see the file comment), remuxing when the input already qualifies, then
 * checks it with ffprobe and by reading its index. Killed after `tools.timeoutMs`; `nice`d when `tools.nice`.
 */
export async function transcodeVideo(input: string, output: string, probe: VideoProbe, tools: VideoTools): Promise<TranscodeResult> {
  const mode = canRemux(probe) ? 'remux' : 'transcode'
  try {
    await runTool(tools.ffmpeg, mode === 'remux' ? remuxArgs(input, output) : transcodeArgs(input, output, probe), tools)
    return { mode, ...(await describeOutput(output, tools)) }
  } catch (err) {
    await rm(output, { force: true })
    if (err instanceof ToolFailure && !err.timedOut) throw new MediaError('CORRUPT', 'The video could not be converted; it may be truncated or corrupt', { cause: err })
    throw err
  }
}

async function describeOutput(output: string, tools: VideoTools): Promise<Omit<TranscodeResult, 'mode'>> {
  await assertServable(output)
  const info = await ffprobeJson(output, tools)
  const video = info.streams?.find((s) => s.codec_type === 'video')
  const audio = info.streams?.filter((s) => s.codec_type === 'audio') ?? []
  const others = info.streams?.filter((s) => s.codec_type !== 'video' && s.codec_type !== 'audio') ?? []
  if (video?.codec_name !== 'h264' || audio.some((a) => a.codec_name !== 'aac') || others.length > 0) {
    throw new Error(`${output}: not an H.264/AAC-only MP4 (${info.streams?.map((s) => s.codec_name).join(', ')})`)
  }
  return {
    width: video.width ?? 0,
    height: video.height ?? 0,
    bytes: Number(info.format?.size ?? 0),
    durationMs: Math.round(Number(info.format?.duration ?? 0) * 1000),
  }
}
