// Which ffmpeg and ffprobe the video pipeline runs, and how. By default the static builds shipped inside
// `@ffmpeg-installer/ffmpeg` and `@ffprobe-installer/ffprobe`, so `pnpm install` is all a fresh machine
// needs; FFMPEG_PATH/FFPROBE_PATH point at a system build instead (e.g. one with a native AV1 decoder).
import { accessSync, constants } from 'node:fs'
import { createRequire } from 'node:module'
import type { VideoTools } from '@mosaic/media'
import { ConfigError, type Config } from './config.ts'

// Not named `require`: the API bundle's banner already declares one at the top level.
const resolvePackage = createRequire(import.meta.url)

function bundledPath(pkg: '@ffmpeg-installer/ffmpeg' | '@ffprobe-installer/ffprobe'): string {
  return (resolvePackage(pkg) as { path: string }).path
}

function executable(variable: string, file: string): string {
  try {
    accessSync(file, constants.X_OK)
  } catch {
    throw new ConfigError(`Invalid configuration: ${variable} is not an executable file (got "${file}")`)
  }
  return file
}

export function videoToolsOf(config: Pick<Config, 'FFMPEG_PATH' | 'FFPROBE_PATH' | 'VIDEO_TIMEOUT_SECONDS' | 'VIDEO_NICE'>): VideoTools {
  return {
    ffmpeg: executable('FFMPEG_PATH', config.FFMPEG_PATH ?? bundledPath('@ffmpeg-installer/ffmpeg')),
    ffprobe: executable('FFPROBE_PATH', config.FFPROBE_PATH ?? bundledPath('@ffprobe-installer/ffprobe')),
    timeoutMs: config.VIDEO_TIMEOUT_SECONDS * 1000,
    nice: config.VIDEO_NICE,
  }
}
