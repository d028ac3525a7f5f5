import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { probeVideo, targetSize, transcodeVideo, type VideoLimits, type VideoProbe } from '../index.ts'
import { topLevelBoxes } from './boxes.ts'
import { makeTestClips, TEST_CLIP_LOCATION, videoToolsForTests, type TestClips } from './clips.testing.ts'
import { ffprobeJson } from './probe.ts'

const tools = videoToolsForTests()
const limits: VideoLimits = { maxBytes: 200e6, maxDurationMs: 60_000, maxDimension: 4096 }
// The position as text (MOV `©xyz`), the `©xyz` atom itself, the 3GPP `loci` box ffmpeg writes in MP4, Apple's mdta key.
const GPS_MARKERS = [TEST_CLIP_LOCATION, '\u00a9xyz', 'loci', 'location'].map((text) => Buffer.from(text, 'latin1'))
let dir: string
let clips: TestClips

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'mosaic-video-transcode-'))
  clips = await makeTestClips(dir, tools)
}, 60_000)
afterAll(() => rm(dir, { recursive: true, force: true }))

// Each clip is served once per file, however many tests look at the result.
const servedOnce = new Map<keyof TestClips, ReturnType<typeof serve>>()
function served(name: keyof TestClips, opts: { nice?: boolean } = {}): ReturnType<typeof serve> {
  let result = servedOnce.get(name)
  if (!result) servedOnce.set(name, (result = serve(name, opts)))
  return result
}

async function serve(name: keyof TestClips, opts: { nice?: boolean }) {
  const input = clips[name]
  const probe: VideoProbe = await probeVideo(input, tools, limits)
  const output = path.join(dir, `${name}.served.mp4`)
  const result = await transcodeVideo(input, output, probe, { ...tools, nice: opts.nice ?? false })
  const info = await ffprobeJson(output, tools)
  const video = info.streams?.find((s) => s.codec_type === 'video')
  const audio = info.streams?.find((s) => s.codec_type === 'audio')
  return { probe, result, info, video, audio, bytes: await readFile(output), boxes: await topLevelBoxes(output) }
}

describe('targetSize', () => {
  it('brings the short side down to 720, keeps the aspect, never enlarges, and keeps sides even', () => {
    expect(targetSize({ width: 1920, height: 1080 })).toEqual({ width: 1280, height: 720 })
    expect(targetSize({ width: 1080, height: 1920 })).toEqual({ width: 720, height: 1280 })
    expect(targetSize({ width: 3840, height: 2160 })).toEqual({ width: 1280, height: 720 })
    expect(targetSize({ width: 320, height: 240 })).toEqual({ width: 320, height: 240 })
    expect(targetSize({ width: 321, height: 241 })).toEqual({ width: 320, height: 240 })
    expect(targetSize({ width: 1440, height: 1081 })).toEqual({ width: 958, height: 720 })
  })
})

describe('transcodeVideo', () => {
  it('re-encodes every accepted kind of clip to H.264 High + AAC in an MP4 with the index first', async () => {
    for (const name of ['portraitGps', 'hevcMov', 'vp9Webm', 'hdrHevc'] as const) {
      const { result, info, video, audio, boxes } = await served(name)
      expect(result.mode, name).toBe('transcode')
      expect(info.format?.format_name).toContain('mp4')
      expect(video, name).toMatchObject({ codec_name: 'h264', pix_fmt: 'yuv420p' })
      expect((video as { profile?: string }).profile).toBe('High')
      expect(audio, name).toMatchObject({ codec_name: 'aac' })
      expect(info.streams).toHaveLength(2)
      const types = boxes.map((b) => b.type)
      expect(types.indexOf('moov'), name).toBeGreaterThanOrEqual(0)
      expect(types.indexOf('moov'), name).toBeLessThan(types.indexOf('mdat'))
    }
  })

  it('turns a portrait clip’s frames upright and never enlarges a small clip', async () => {
    const portrait = await served('portraitGps')
    expect(portrait.result).toMatchObject({ width: 240, height: 320 })
    expect(portrait.video).toMatchObject({ width: 240, height: 320 })
    expect(portrait.video?.side_data_list ?? []).toEqual([])
    const hevc = await served('hevcMov')
    expect(hevc.video).toMatchObject({ width: 320, height: 240 })
    expect(hevc.result.durationMs).toBeGreaterThanOrEqual(950)
    expect(hevc.result.bytes).toBe(hevc.bytes.length)
  })

  it('leaves no GPS position or location atom in the served bytes', async () => {
    for (const name of ['portraitGps', 'h264Mp4'] as const) {
      const source = await readFile(clips[name])
      expect(GPS_MARKERS.some((marker) => source.includes(marker)), `${name} carries GPS to begin with`).toBe(true)
      const { bytes, info } = await served(name)
      for (const marker of GPS_MARKERS) expect(bytes.includes(marker), `${name}: ${marker.toString('latin1')}`).toBe(false)
      expect(JSON.stringify(info)).not.toContain('48.8584')
    }
  })

  it('only remuxes a clip that is already web-ready, and still strips its metadata', async () => {
    const ready = await served('h264Mp4')
    expect(ready.result.mode).toBe('remux')
    expect(ready.video).toMatchObject({ codec_name: 'h264', width: 320, height: 240 })
    expect(ready.audio).toMatchObject({ codec_name: 'aac' })
    const silent = await served('noAudio')
    expect(silent.result.mode).toBe('remux')
    expect(silent.audio).toBeUndefined()
    expect(silent.boxes.findIndex((b) => b.type === 'moov')).toBeLessThan(silent.boxes.findIndex((b) => b.type === 'mdat'))
  })

  it('tone-maps an HDR clip to SDR BT.709', async () => {
    const { video } = await served('hdrHevc')
    expect(video?.color_transfer).not.toMatch(/arib-std-b67|smpte2084/)
    expect(video).toMatchObject({ color_transfer: 'bt709', pix_fmt: 'yuv420p' })
  })

  it('caps the frame rate at 60, under nice', async () => {
    const { probe, result, video } = await served('highFps', { nice: true })
    expect(probe.fps).toBe(120)
    expect(result.mode).toBe('transcode')
    const [num, den] = (video?.avg_frame_rate ?? '0/1').split('/').map(Number)
    expect((num ?? 0) / (den || 1)).toBeLessThanOrEqual(60)
    expect((num ?? 0) / (den || 1)).toBeGreaterThan(50)
  })
})
