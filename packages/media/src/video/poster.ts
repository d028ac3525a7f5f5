// One upright frame as PNG, for the image pipeline to turn into the poster's variants and placeholder.
import { MediaError } from '../errors.ts'
import { videoFilter } from './filters.ts'
import type { VideoProbe } from './probe.ts'
import { runTool, ToolFailure, type VideoTools } from './run.ts'

// The largest size any poster variant is rendered at: the feed's `large` width, a story's 1080 × 1920
// box. The frame is scaled to fit it by ffmpeg, so a 4K clip's poster is not decoded, encoded and
// decoded again at 8 MP only for sharp to shrink it.
const POSTER_BOX = { width: 1080, height: 1920 }

/** The poster's upright size: the clip's, shrunk to fit POSTER_BOX (never enlarged), both sides even. */
export function posterSize(probe: Pick<VideoProbe, 'width' | 'height'>): { width: number; height: number } {
  const scale = Math.min(1, POSTER_BOX.width / probe.width, POSTER_BOX.height / probe.height)
  const side = (n: number) => (scale === 1 ? n : Math.max(2, Math.round((n * scale) / 2) * 2))
  return { width: side(probe.width), height: side(probe.height) }
}

// Not the very first frame (often black on a fade-in or a phone's start-up): the first keyframe from here on.
const POSTER_AT_MS = 500

// posterSize as an ffmpeg scale expression over the upright input (iw × ih), for a poster taken before the probe has answered.
const FIT = `min(1\\,min(${POSTER_BOX.width}/iw\\,${POSTER_BOX.height}/ih))`
const side = (n: 'iw' | 'ih') => `if(eq(${FIT}\\,1)\\,${n}\\,max(2\\,round(${n}*${FIT}/2)*2))`
const UNPROBED_FILTER = `scale=w=${side('iw')}:h=${side('ih')},setsar=1,format=rgb24`

function posterArgs(path: string, probe: VideoProbe | null, atMs: number): string[] {
  return [
    '-v', 'error', '-nostdin',
    // Keyframes only: the decoder skips every frame between them, so the poster costs one or two
    // frame decodes, not the dozen up to an exact time (nor the several a threaded decoder runs
    // ahead at the very first frame): a third of the CPU on a 1080p clip. Phones put a keyframe
    // every second or so; a clip whose only keyframe is its first falls back to that one below.
    '-skip_frame', 'nokey',
    // -ss before -i: a fast keyframe seek; frames before the time are dropped.
    ...(atMs > 0 ? ['-ss', (atMs / 1000).toFixed(3)] : []),
    '-i', path,
    '-map', '0:v:0', '-an', '-sn', '-dn', '-map_metadata', '-1',
    '-frames:v', '1',
    '-vf', probe ? videoFilter(probe, posterSize(probe), 'rgb24') : UNPROBED_FILTER,
    // Uncompressed PNG: deflating a noisy frame costs more than the pipe and sharp's read of it save.
    '-f', 'image2pipe', '-c:v', 'png', '-compression_level', '0', '-',
  ]
}

/**
 * Whether the poster taken before the probe answered (`extractPoster(path, null, …)`) is the one the
 * probe would have taken: an SDR clip at least twice POSTER_AT_MS long (a shorter one's poster is
 * taken from half its length).
 */
export const unprobedPosterFits = (probe: Pick<VideoProbe, 'hdr' | 'durationMs'>): boolean => !probe.hdr && probe.durationMs >= 2 * POSTER_AT_MS

/**
 * The poster frame. With `probe` null it is taken while the probe still reads the file, so it cannot
 * know the clip's length, size or colours: it fits the frame to the box by expression, and is right
 * only where `unprobedPosterFits` says so (the caller takes it again with the probe otherwise). `signal` stops it.
 */
export async function extractPoster(path: string, probe: VideoProbe | null, tools: VideoTools, signal?: AbortSignal): Promise<Buffer> {
  const atMs = probe ? Math.min(POSTER_AT_MS, Math.floor(probe.durationMs / 2)) : POSTER_AT_MS
  try {
    const png = await runTool(tools.ffmpeg, posterArgs(path, probe, atMs), tools, signal)
    if (png.length > 0) return png
    // No keyframe from that time on (or a seek past the last decodable frame): the first frame.
    const first = await runTool(tools.ffmpeg, posterArgs(path, probe, 0), tools, signal)
    if (first.length > 0) return first
    throw new MediaError('CORRUPT', 'No frame of the video could be decoded')
  } catch (err) {
    if (err instanceof ToolFailure && !err.timedOut) throw new MediaError('CORRUPT', 'The video is truncated or corrupt', { cause: err })
    throw err
  }
}
