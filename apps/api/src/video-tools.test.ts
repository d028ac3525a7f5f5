import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from './config.ts'
import { videoToolsOf } from './video-tools.ts'

const dir = () => mkdtempSync(path.join(tmpdir(), 'mosaic-video-tools-'))

describe('video tools configuration', () => {
  it('defaults to the bundled static binaries, a 10-minute timeout, nice, one transcode at a time', () => {
    const config = loadConfig({ DATA_DIR: dir() })
    expect(config).toMatchObject({ VIDEO_TIMEOUT_SECONDS: 600, VIDEO_CONCURRENCY: 1, VIDEO_NICE: true })
    const tools = videoToolsOf(config)
    expect(tools).toMatchObject({ timeoutMs: 600_000, nice: true })
    expect(tools.ffmpeg).toMatch(/@ffmpeg-installer.*ffmpeg$/)
    expect(tools.ffprobe).toMatch(/@ffprobe-installer.*ffprobe$/)
  })

  it('takes a system ffmpeg and other settings from the environment', () => {
    const bundled = videoToolsOf(loadConfig({ DATA_DIR: dir() }))
    const config = loadConfig({ DATA_DIR: dir(), FFMPEG_PATH: bundled.ffmpeg, VIDEO_TIMEOUT_SECONDS: '30', VIDEO_NICE: 'false', VIDEO_CONCURRENCY: '2' })
    expect(videoToolsOf(config)).toEqual({ ffmpeg: bundled.ffmpeg, ffprobe: bundled.ffprobe, timeoutMs: 30_000, nice: false })
    expect(config.VIDEO_CONCURRENCY).toBe(2)
  })

  it('stops with one line naming the variable when a path or number is wrong', () => {
    const DATA_DIR = dir()
    const notExecutable = path.join(DATA_DIR, 'ffmpeg')
    writeFileSync(notExecutable, 'not a program')
    expect(() => videoToolsOf(loadConfig({ DATA_DIR, FFMPEG_PATH: notExecutable }))).toThrow(ConfigError)
    expect(() => videoToolsOf(loadConfig({ DATA_DIR, FFPROBE_PATH: '/nowhere/ffprobe' }))).toThrow(
      'Invalid configuration: FFPROBE_PATH is not an executable file (got "/nowhere/ffprobe")',
    )
    expect(() => loadConfig({ DATA_DIR, VIDEO_CONCURRENCY: '0' })).toThrow(/^Invalid configuration: VIDEO_CONCURRENCY/)
    expect(() => loadConfig({ DATA_DIR, VIDEO_NICE: 'maybe' })).toThrow(/^Invalid configuration: VIDEO_NICE/)
  })
})
