// After `pnpm install`: the static ffmpeg and ffprobe the npm packages ship, executable by every user.
// ffprobe's own install script leaves its binary executable by its owner only (mode 0744), so a server
// run as another user than the one who installed (a service account, the tests' and benches'
// unprivileged processes) would refuse to start ("FFPROBE_PATH is not an executable file").
import { chmodSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'

const fromApi = createRequire(path.resolve(import.meta.dirname, '../apps/api/package.json'))
for (const pkg of ['@ffmpeg-installer/ffmpeg', '@ffprobe-installer/ffprobe']) {
  try {
    const file = fromApi(pkg).path
    chmodSync(file, statSync(file).mode | 0o555)
  } catch (err) {
    console.warn(`executable-tools: ${pkg}: ${err instanceof Error ? err.message : String(err)}`)
  }
}
