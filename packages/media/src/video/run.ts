// Running ffmpeg and ffprobe: always an argument array (never a shell, so no file name is ever parsed as a
// command), killed with SIGKILL after `timeoutMs`, stdout collected as bytes and the tail of stderr kept for the
// error text (the logs need ffmpeg's words; the uploader gets ours).
import { spawn } from 'node:child_process'
import { accessSync, constants } from 'node:fs'

export type VideoTools = { ffmpeg: string; ffprobe: string; timeoutMs: number; nice: boolean }

export class ToolFailure extends Error {
  override readonly name = 'ToolFailure'
  constructor(
    message: string,
    readonly stderr: string,
    readonly timedOut: boolean,
  ) {
    super(message)
  }
}

const STDERR_KEEP = 8192
const NICE_PATHS = ['/usr/bin/nice', '/bin/nice']
let nicePath: string | null | undefined

function findNice(): string | null {
  if (nicePath !== undefined) return nicePath
  nicePath = null
  for (const candidate of NICE_PATHS) {
    try {
      accessSync(candidate, constants.X_OK)
      nicePath = candidate
      break
    } catch {
      // not here; try the next one
    }
  }
  return nicePath
}

/**
 * Runs `bin args…` to completion; rejects with ToolFailure on a non-zero exit, a signal or the timeout.
 * `signal` kills it early (a run whose answer is no longer wanted).
 */
export function runTool(bin: string, args: readonly string[], tools: Pick<VideoTools, 'timeoutMs' | 'nice'>, signal?: AbortSignal): Promise<Buffer> {
  const nice = tools.nice ? findNice() : null
  const [command, argv] = nice ? [nice, ['-n', '10', bin, ...args]] : [bin, [...args]]
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, { stdio: ['ignore', 'pipe', 'pipe'], shell: false, ...(signal ? { signal, killSignal: 'SIGKILL' as const } : {}) })
    const out: Buffer[] = []
    let stderr = ''
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      child.kill('SIGKILL')
    }, tools.timeoutMs)
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk))
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_KEEP)
    })
    child.on('error', (err) => {
      clearTimeout(timer)
      reject(new ToolFailure(signal?.aborted ? `${bin} was stopped: its answer is no longer wanted` : `${bin} could not be started: ${err.message}`, stderr, false))
    })
    child.on('close', (code, killedBy) => {
      clearTimeout(timer)
      if (code === 0) return resolve(Buffer.concat(out))
      const why = timedOut ? `timed out after ${tools.timeoutMs} ms` : killedBy ? `was killed by ${killedBy}` : `exited with ${code}`
      reject(new ToolFailure(`${bin} ${why}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`, stderr, timedOut))
    })
  })
}

const decoderCache = new Map<string, Promise<Set<string>>>()

/** The video codecs this ffmpeg can decode (names as ffprobe reports them), asked once per binary. */
export function decodableCodecs(tools: VideoTools): Promise<Set<string>> {
  let known = decoderCache.get(tools.ffmpeg)
  if (!known) {
    known = runTool(tools.ffmpeg, ['-hide_banner', '-decoders'], { timeoutMs: tools.timeoutMs, nice: false }).then((out) => {
      const codecs = new Set<string>()
      // Lines look like " VFS..D hevc   HEVC (…)" or " V....D libaom-av1   libaom AV1 (codec av1)".
      for (const line of out.toString('utf8').split('\n')) {
        const match = /^\s*V\S{5}\s+(\S+)\s.*?(?:\(codec (\S+)\))?\s*$/.exec(line)
        if (!match) continue
        codecs.add(match[2] ?? match[1] ?? '')
      }
      return codecs
    })
    known.catch(() => decoderCache.delete(tools.ffmpeg))
    decoderCache.set(tools.ffmpeg, known)
  }
  return known
}
