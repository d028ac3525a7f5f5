import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MediaError } from '../errors.ts'
import { extractPoster, probeVideo, sniffVideo, type VideoLimits } from '../index.ts'
import { posterSize, unprobedPosterFits } from './poster.ts'
import { makeTestClips, TEST_CLIP_LOCATION, videoToolsForTests, type TestClips } from './clips.testing.ts'
import { runTool, ToolFailure } from './run.ts'

const tools = videoToolsForTests()
const limits: VideoLimits = { maxBytes: 200e6, maxDurationMs: 60_000, maxDimension: 4096 }
let dir: string
let clips: TestClips

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'mosaic-video-probe-'))
  clips = await makeTestClips(dir, tools)
}, 60_000)
afterAll(() => rm(dir, { recursive: true, force: true }))

async function refusal(file: string, custom: VideoLimits = limits): Promise<MediaError> {
  const err: unknown = await probeVideo(file, tools, custom).then(
    () => null,
    (e: unknown) => e,
  )
  if (!(err instanceof MediaError)) throw new Error(`expected a MediaError for ${file}, got ${String(err)}`)
  return err
}

describe('sniffVideo', () => {
  it('tells MP4, MOV and WebM apart by their first bytes', async () => {
    const head = async (file: string) => (await readFile(file)).subarray(0, 64)
    expect(sniffVideo(await head(clips.h264Mp4))).toBe('mp4')
    expect(sniffVideo(await head(clips.hevcMov))).toBe('mov')
    expect(sniffVideo(await head(clips.vp9Webm))).toBe('webm')
  })

  it('refuses text, a HEIC photo and a Matroska file', async () => {
    expect(sniffVideo(await readFile(clips.textMp4))).toBeNull()
    const heic = Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic\0\0\0\0mif1heic', 'latin1')])
    expect(sniffVideo(heic)).toBeNull()
    const mkv = Buffer.concat([Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x82, 0x88]), Buffer.from('matroska\0\0\0\0', 'latin1')])
    expect(sniffVideo(mkv)).toBeNull()
  })
})

describe('probeVideo', () => {
  it('reports a portrait phone clip upright, from its rotation matrix', async () => {
    const probe = await probeVideo(clips.portraitGps, tools, limits)
    expect(probe).toMatchObject({ container: 'mov', videoCodec: 'h264', audioCodec: 'aac', width: 240, height: 320, hdr: false })
    expect([90, 270]).toContain(probe.rotation)
    expect(probe.durationMs).toBeGreaterThanOrEqual(950)
    expect(probe.durationMs).toBeLessThanOrEqual(1100)
    expect(probe.fps).toBe(30)
  })

  it('reads HEVC MOV, VP9 WebM, a silent MP4 and a web-ready MP4', async () => {
    expect(await probeVideo(clips.hevcMov, tools, limits)).toMatchObject({ container: 'mov', videoCodec: 'hevc', audioCodec: 'aac', width: 320, height: 240, rotation: 0, hdr: false })
    expect(await probeVideo(clips.vp9Webm, tools, limits)).toMatchObject({ container: 'webm', videoCodec: 'vp9', audioCodec: 'opus', width: 320, height: 240 })
    expect(await probeVideo(clips.noAudio, tools, limits)).toMatchObject({ container: 'mp4', videoCodec: 'h264', audioCodec: null })
    const ready = await probeVideo(clips.h264Mp4, tools, limits)
    expect(ready).toMatchObject({ container: 'mp4', videoCodec: 'h264', audioCodec: 'aac', pixFmt: 'yuv420p', hdr: false })
    expect(ready.bytes).toBe((await readFile(clips.h264Mp4)).length)
    expect(ready.bitRate).toBeGreaterThan(0)
  })

  it('marks an HLG clip as HDR', async () => {
    expect(await probeVideo(clips.hdrHevc, tools, limits)).toMatchObject({ videoCodec: 'hevc', hdr: true, colorTransfer: 'arib-std-b67', pixFmt: 'yuv420p10le' })
  })

  it('refuses a clip over the duration limit, saying how long it is', async () => {
    const err = await refusal(clips.tooLong)
    expect(err.code).toBe('TOO_LONG')
    expect(err.message).toBe('The video is 61 seconds long; the limit is 60 seconds')
    // A story's shorter limit applies to what is otherwise fine.
    expect((await refusal(clips.h264Mp4, { ...limits, maxDurationMs: 500 })).code).toBe('TOO_LONG')
  })

  it('refuses a truncated file, a text file named .mp4 and a file with only sound', async () => {
    expect(await refusal(clips.truncated)).toMatchObject({ code: 'CORRUPT', message: 'The video is truncated or corrupt' })
    const cutFaststart = path.join(dir, 'cut-faststart.mp4')
    const whole = await readFile(clips.h264Mp4)
    await writeFile(cutFaststart, whole.subarray(0, Math.floor(whole.length * 0.7)))
    expect(await refusal(cutFaststart)).toMatchObject({ code: 'CORRUPT', message: 'The video is truncated or corrupt' })
    expect(await refusal(clips.textMp4)).toMatchObject({ code: 'UNSUPPORTED_FORMAT', message: 'This file is not a video we accept (MP4, MOV or WebM)' })
    expect(await refusal(clips.audioOnly)).toMatchObject({ code: 'UNSUPPORTED_FORMAT', message: 'The file has no video in it (only sound or other data)' })
  })

  it('refuses a codec outside H.264, HEVC, VP9 and AV1, naming it', async () => {
    const mpeg4 = path.join(dir, 'mpeg4-part2.mp4')
    await runTool(tools.ffmpeg, ['-v', 'error', '-nostdin', '-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=10:duration=0.5', '-c:v', 'mpeg4', mpeg4], tools)
    expect(await refusal(mpeg4)).toMatchObject({
      code: 'UNSUPPORTED_FORMAT',
      message: 'The video is encoded as MPEG4, which we cannot play; H.264, HEVC and VP9 are accepted',
    })
  })

  it('refuses an empty file, one over the byte limit and a frame over the dimension limit', async () => {
    const empty = path.join(dir, 'empty.mp4')
    await writeFile(empty, '')
    expect((await refusal(empty)).code).toBe('EMPTY')
    const big = await refusal(clips.h264Mp4, { ...limits, maxBytes: 50_000 })
    expect(big.code).toBe('TOO_LARGE')
    expect(big.message).toMatch(/^The video is 0\.1 MB; the limit is /)
    expect(await refusal(clips.h264Mp4, { ...limits, maxDimension: 300 })).toMatchObject({
      code: 'TOO_MANY_PIXELS',
      message: 'The video is 320×240 pixels; the limit is 300 pixels on the long side',
    })
  })
})

describe('extractPoster', () => {
  it('returns one upright PNG frame at the clip’s upright size', async () => {
    for (const [file, width, height] of [[clips.portraitGps, 240, 320], [clips.hevcMov, 320, 240], [clips.vp9Webm, 320, 240]] as const) {
      const png = await extractPoster(file, await probeVideo(file, tools, limits), tools)
      expect(await sharp(png).metadata()).toMatchObject({ format: 'png', width, height })
      expect(png.includes(TEST_CLIP_LOCATION)).toBe(false)
    }
  })

  it('takes the first keyframe from half a second on, and the first frame when there is none', async () => {
    // Keyframes every 0.4 s: the poster is the one at 0.8 s, not the clip's start (the test pattern moves).
    const gop = path.join(dir, 'gop.mp4')
    const ff = ['-hide_banner', '-v', 'error', '-nostdin', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=10:duration=2']
    await runTool(tools.ffmpeg, [...ff, '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '4', '-pix_fmt', 'yuv420p', gop], { timeoutMs: 30_000, nice: false })
    const frameAt = (file: string, ss: string) =>
      runTool(tools.ffmpeg, ['-v', 'error', '-nostdin', '-ss', ss, '-i', file, '-frames:v', '1', '-vf', 'format=rgb24', '-f', 'rawvideo', '-'], { timeoutMs: 30_000, nice: false })
    const pixels = async (png: Buffer) => sharp(png).removeAlpha().raw().toBuffer()
    const poster = await pixels(await extractPoster(gop, await probeVideo(gop, tools, limits), tools))
    expect(poster.equals(await frameAt(gop, '0.8'))).toBe(true)
    expect(poster.equals(await frameAt(gop, '0'))).toBe(false)
    // The 1 s test clip has one keyframe, its first frame.
    const single = await pixels(await extractPoster(clips.h264Mp4, await probeVideo(clips.h264Mp4, tools, limits), tools))
    expect(single.equals(await frameAt(clips.h264Mp4, '0'))).toBe(true)
  })

  it('shrinks a large clip’s frame to fit the largest poster size, never enlarging a small one', () => {
    expect(posterSize({ width: 1920, height: 1080 })).toEqual({ width: 1080, height: 608 })
    expect(posterSize({ width: 3840, height: 2160 })).toEqual({ width: 1080, height: 608 })
    expect(posterSize({ width: 2160, height: 3840 })).toEqual({ width: 1080, height: 1920 })
    expect(posterSize({ width: 1080, height: 1920 })).toEqual({ width: 1080, height: 1920 })
    expect(posterSize({ width: 320, height: 240 })).toEqual({ width: 320, height: 240 })
  })

  it('takes the same frame at the same size before the probe has answered, for an SDR clip of any shape', async () => {
    // Taller than the poster box, odd-sized: fitted by the filter's expression exactly as posterSize does.
    const tall = path.join(dir, 'tall.mp4')
    await runTool(tools.ffmpeg, ['-v', 'error', '-nostdin', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=1202x2404:rate=5:duration=1.2', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', tall], {
      timeoutMs: 30_000,
      nice: false,
    })
    let compared = 0
    for (const file of [clips.portraitGps, clips.hevcMov, clips.vp9Webm, clips.noAudio, clips.highFps, tall]) {
      const probe = await probeVideo(file, tools, limits)
      // The shared clips last about a second: one just short of it is taken again with the probe, as the app does.
      if (!unprobedPosterFits(probe)) continue
      compared++
      const [probed, early] = await Promise.all([extractPoster(file, probe, tools), extractPoster(file, null, tools)])
      const [a, b] = await Promise.all([probed, early].map((png) => sharp(png).raw().toBuffer({ resolveWithObject: true })))
      expect(b!.info, file).toMatchObject({ ...posterSize(probe), channels: 3 })
      expect(b!.data.equals(a!.data), file).toBe(true)
    }
    expect(compared).toBeGreaterThanOrEqual(1)
    expect(unprobedPosterFits(await probeVideo(tall, tools, limits))).toBe(true)
    // An HDR clip's, and a clip under a second's (its poster is from half its length), are taken again with the probe.
    expect(unprobedPosterFits(await probeVideo(clips.hdrHevc, tools, limits))).toBe(false)
    expect(unprobedPosterFits({ hdr: false, durationMs: 900 })).toBe(false)
  })

  it('tone-maps an HDR clip to an 8-bit SDR frame', async () => {
    const png = await extractPoster(clips.hdrHevc, await probeVideo(clips.hdrHevc, tools, limits), tools)
    const meta = await sharp(png).metadata()
    expect(meta).toMatchObject({ format: 'png', width: 320, height: 240, depth: 'uchar', channels: 3 })
    // Tone-mapped, not black or blown out: the test pattern's colour bars survive as mid-range values.
    const { channels } = await sharp(png).stats()
    for (const channel of channels) expect(channel.mean).toBeGreaterThan(40)
    for (const channel of channels) expect(channel.mean).toBeLessThan(230)
  })
})

describe('runTool', () => {
  it('kills a runaway ffmpeg after the timeout and says so', async () => {
    const endless = ['-v', 'error', '-nostdin', '-f', 'lavfi', '-i', 'testsrc2=size=64x64:rate=25', '-f', 'null', '-']
    const err: unknown = await runTool(tools.ffmpeg, endless, { timeoutMs: 300, nice: true }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ToolFailure)
    expect(err).toMatchObject({ timedOut: true })
    expect((err as Error).message).toContain('timed out after 300 ms')
  })

  it('stops a run when its signal says so', async () => {
    const endless = ['-v', 'error', '-nostdin', '-f', 'lavfi', '-i', 'testsrc2=size=64x64:rate=25', '-f', 'null', '-']
    const stop = new AbortController()
    const run = runTool(tools.ffmpeg, endless, { timeoutMs: 60_000, nice: false }, stop.signal)
    setTimeout(() => stop.abort(), 200)
    await expect(run).rejects.toBeInstanceOf(ToolFailure)
    await expect(run).rejects.toThrow(/was stopped/)
  })

  it('never hands arguments to a shell', async () => {
    const probe = await probeVideo(clips.h264Mp4, tools, limits)
    // Through a shell this name would run `touch` in the working directory and split the path at the `;`.
    const odd = path.join(dir, 'clip $(touch mosaic-shell-pwned) ; echo.mp4')
    await writeFile(odd, await readFile(clips.h264Mp4))
    expect(await probeVideo(odd, tools, limits)).toMatchObject({ width: probe.width, durationMs: probe.durationMs })
    await expect(readFile(path.join(process.cwd(), 'mosaic-shell-pwned'))).rejects.toThrow()
  })
})
