// Test clips made with ffmpeg at test setup (no binaries committed): each at most 320×240 and 2 s, the
// too-long one at 1 frame per second, so the whole set takes a few seconds on two cores.
import { createRequire } from 'node:module'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { runTool, type VideoTools } from './run.ts'

const resolvePackage = createRequire(import.meta.url)

/** The binaries shipped by the npm packages, generous timeout, no `nice` (tests want the CPU). */
export function videoToolsForTests(): VideoTools {
  const { path: ffmpeg } = resolvePackage('@ffmpeg-installer/ffmpeg') as { path: string }
  const { path: ffprobe } = resolvePackage('@ffprobe-installer/ffprobe') as { path: string }
  return { ffmpeg, ffprobe, timeoutMs: 60_000, nice: false }
}

export type TestClips = {
  /** H.264/AAC MOV, stored 320×240 with a 90° display matrix (upright 240×320), GPS in a `©xyz` atom. */
  portraitGps: string
  hevcMov: string
  vp9Webm: string
  /** H.264 MP4 without an audio stream. */
  noAudio: string
  /** 61 s at 1 fps. */
  tooLong: string
  /** The first half of an MP4 whose index (moov) sits at the end. */
  truncated: string
  /** Text in a file named `.mp4`. */
  textMp4: string
  /** Web-ready H.264 High/AAC MP4 (the remux path), with a GPS location (a 3GPP `loci` box) to strip. */
  h264Mp4: string
  /** 10-bit HEVC tagged HLG / BT.2020, as an iPhone records HDR. */
  hdrHevc: string
  /** AAC sound in an MP4 with no video stream. */
  audioOnly: string
  /** 120 fps H.264 MP4 (160×120), for the 60 fps cap. */
  highFps: string
}

/** Where the test clips' GPS says they were filmed: every served byte is checked for it. */
export const TEST_CLIP_LOCATION = '+48.8584+002.2945/'

const Q = ['-hide_banner', '-v', 'error', '-nostdin', '-y']
const picture = (size: string, rate: number, seconds: number) => ['-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=${rate}:duration=${seconds}`]
const tone = (seconds: number) => ['-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${seconds}`]
const x264 = ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p']
const aac = ['-c:a', 'aac', '-b:a', '64k']
const x265 = (params: string) => ['-c:v', 'libx265', '-preset', 'ultrafast', '-tag:v', 'hvc1', '-x265-params', `log-level=error${params}`]

export async function makeTestClips(dir: string, tools: VideoTools = videoToolsForTests()): Promise<TestClips> {
  await mkdir(dir, { recursive: true })
  const at = (name: string) => path.join(dir, name)
  const ff = (args: string[]) => runTool(tools.ffmpeg, [...Q, ...args], { timeoutMs: tools.timeoutMs, nice: false })
  const clips: TestClips = {
    portraitGps: at('portrait-gps.mov'),
    hevcMov: at('hevc.mov'),
    vp9Webm: at('vp9.webm'),
    noAudio: at('no-audio.mp4'),
    tooLong: at('too-long.mp4'),
    truncated: at('truncated.mp4'),
    textMp4: at('text.mp4'),
    h264Mp4: at('web-ready.mp4'),
    hdrHevc: at('hdr-hlg.mov'),
    audioOnly: at('audio-only.mp4'),
    highFps: at('high-fps.mp4'),
  }
  const whole = at('whole.mp4')
  const flat = at('portrait-flat.mov')
  await Promise.all([
    // The display matrix is written by a stream copy (the encoder path would reset it to upright).
    ff([...picture('320x240', 30, 1), ...tone(1), ...x264, ...aac, '-metadata', `location=${TEST_CLIP_LOCATION}`, flat]).then(() =>
      ff(['-i', flat, '-c', 'copy', '-metadata:s:v:0', 'rotate=90', clips.portraitGps]),
    ),
    ff([...picture('320x240', 30, 1), ...tone(1), ...x265(''), '-pix_fmt', 'yuv420p', ...aac, clips.hevcMov]),
    ff([...picture('320x240', 30, 1), ...tone(1), '-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '300k', '-c:a', 'libopus', '-b:a', '48k', clips.vp9Webm]),
    ff([...picture('320x240', 30, 1), ...x264, clips.noAudio]),
    ff([...picture('160x120', 1, 61), ...x264, clips.tooLong]),
    ff([...picture('320x240', 30, 2), ...tone(2), ...x264, ...aac, whole]).then(async () => {
      const bytes = await readFile(whole)
      await writeFile(clips.truncated, bytes.subarray(0, Math.floor(bytes.length / 2)))
    }),
    writeFile(clips.textMp4, 'This is not a video, whatever its name says.\n'),
    ff([...picture('320x240', 30, 1), ...tone(1), ...x264, '-profile:v', 'high', ...aac, '-movflags', '+faststart', '-metadata', `location=${TEST_CLIP_LOCATION}`, clips.h264Mp4]),
    ff([
      ...picture('320x240', 30, 1), ...tone(1),
      ...x265(':colorprim=bt2020:transfer=arib-std-b67:colormatrix=bt2020nc'),
      '-pix_fmt', 'yuv420p10le', '-color_primaries', 'bt2020', '-color_trc', 'arib-std-b67', '-colorspace', 'bt2020nc',
      ...aac, clips.hdrHevc,
    ]),
    ff([...tone(1), ...aac, clips.audioOnly]),
    ff([...picture('160x120', 120, 1), ...x264, clips.highFps]),
  ])
  return clips
}
