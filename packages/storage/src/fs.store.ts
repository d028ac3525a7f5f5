import { randomUUID } from 'node:crypto'
import { constants, type Dirent } from 'node:fs'
import { access, copyFile, mkdir, open, readdir, readFile, rename, rm, stat, unlink } from 'node:fs/promises'
import path from 'node:path'

import { assertRange, unsatisfiableRange, type BlobInfo, type BlobStore, type ByteRange } from './blob-store.ts'
import { assertContentTypeMatchesKey, contentTypeForKey } from './content-type.ts'
import { assertKey, assertPrefix, InvalidKeyError, SEGMENT_RE } from './keys.ts'

// Layout: a blob with key `a/b/c.webp` is the file `<root>/a/b/c.webp`, nothing beside it. The content type is
// derived from the extension (see content-type.ts); the ETag from size and mtime, so stat never reads the bytes.
// In-flight writes live in `<root>/.tmp/`, which no key can name; a crash may leave files there, safe to delete.

const TMP_DIR = '.tmp'
const DELETE_CONCURRENCY = 64

export function createFsBlobStore(opts: { root: string }): BlobStore {
  const root = path.resolve(opts.root)
  const tmpDir = path.join(root, TMP_DIR)

  function fileOf(key: string): string {
    assertKey(key)
    const file = path.join(root, ...key.split('/'))
    // assertKey already rules out '..'; this guards the guard, should the key rules ever loosen.
    if (!file.startsWith(root + path.sep)) throw new InvalidKeyError(`blob key escapes the media root: ${key}`)
    return file
  }

  async function infoOf(file: string, key: string): Promise<BlobInfo | null> {
    try {
      const s = await stat(file, { bigint: true })
      if (!s.isFile()) return null
      return {
        key,
        size: Number(s.size),
        etag: `${s.size.toString(16)}-${s.mtimeNs.toString(16)}`,
        contentType: contentTypeForKey(key),
        lastModified: new Date(Number(s.mtimeMs)),
      }
    } catch (err) {
      if (isMissing(err)) return null
      throw err
    }
  }

  // Writes the blob's bytes to a temporary file (`fill`), then renames it into place: readers see the
  // old blob or the new one, never part of one.
  async function writeAtomically(key: string, contentType: string, fill: (tmp: string) => Promise<void>): Promise<void> {
    const file = fileOf(key)
    assertContentTypeMatchesKey(key, contentType)
    const dir = path.dirname(file)
    await Promise.all([mkdir(dir, { recursive: true }), mkdir(tmpDir, { recursive: true })])
    const tmp = path.join(tmpDir, randomUUID())
    try {
      await fill(tmp)
      await rename(tmp, file)
    } catch (err) {
      await rm(tmp, { force: true })
      throw err
    }
    await syncDir(dir)
  }

  async function* walk(dir: string, dirKey: string, prefix: string): AsyncGenerator<BlobInfo> {
    let entries: Dirent[]
    try {
      entries = await readdir(dir, { withFileTypes: true })
    } catch (err) {
      if (isMissing(err)) return
      throw err
    }
    // Sorting a directory as `name/` makes the walk yield keys in plain string order, the order S3 lists in.
    const named = entries
      .filter((e) => SEGMENT_RE.test(e.name) && (e.isFile() || e.isDirectory()))
      .map((e) => ({ entry: e, sortKey: e.isDirectory() ? `${e.name}/` : e.name }))
      .sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0))
    for (const { entry } of named) {
      const key = dirKey === '' ? entry.name : `${dirKey}/${entry.name}`
      const file = path.join(dir, entry.name)
      if (entry.isDirectory()) {
        const sub = `${key}/`
        if (sub.startsWith(prefix) || prefix.startsWith(sub)) yield* walk(file, key, prefix)
      } else if (key.startsWith(prefix)) {
        const info = await infoOf(file, key)
        if (info) yield info
      }
    }
  }

  return {
    kind: 'fs',

    async put(key, data, { contentType }) {
      await writeAtomically(key, contentType, async (tmp) => {
        const handle = await open(tmp, 'wx')
        try {
          await handle.writeFile(data)
          // The database row that points at this blob commits right after put resolves: the bytes must
          // survive a power cut by then, not just sit in the page cache.
          await handle.datasync()
        } finally {
          await handle.close()
        }
      })
    },

    async putFile(key, source, { contentType }) {
      await writeAtomically(key, contentType, async (tmp) => {
        // copy_file_range where the kernel has it: the bytes need not pass through this process.
        await copyFile(source, tmp, constants.COPYFILE_EXCL)
        const handle = await open(tmp, 'r+')
        try {
          await handle.datasync()
        } finally {
          await handle.close()
        }
      })
    },

    async get(key) {
      const file = fileOf(key)
      try {
        return await readFile(file)
      } catch (err) {
        if (isMissing(err) || isDirectory(err)) return null
        throw err
      }
    },

    async stream(key, range?: ByteRange) {
      const file = fileOf(key)
      if (range) assertRange(range)
      let handle
      try {
        handle = await open(file, 'r')
      } catch (err) {
        if (isMissing(err)) return null
        throw err
      }
      try {
        const s = await handle.stat()
        if (!s.isFile()) {
          await handle.close()
          return null
        }
        if (range && range.start >= s.size) throw unsatisfiableRange(key, range, s.size)
      } catch (err) {
        await handle.close()
        throw err
      }
      // The stream owns the handle from here and closes it when it ends or is destroyed.
      return handle.createReadStream(range ? { start: range.start, end: range.end } : {})
    },

    async stat(key) {
      return infoOf(fileOf(key), key)
    },

    async exists(key) {
      return (await infoOf(fileOf(key), key)) !== null
    },

    async localPath(key) {
      const file = fileOf(key)
      return (await infoOf(file, key)) !== null ? file : null
    },

    async delete(keys) {
      const files = keys.map(fileOf)
      for (let i = 0; i < files.length; i += DELETE_CONCURRENCY) {
        await Promise.all(
          files.slice(i, i + DELETE_CONCURRENCY).map(async (file) => {
            try {
              await unlink(file)
            } catch (err) {
              if (!isMissing(err) && !isDirectory(err)) throw err
            }
          }),
        )
      }
      // Empty directories stay: removing them would race with a concurrent put into the same directory.
    },

    list(prefix) {
      assertPrefix(prefix)
      const dirKey = prefix.slice(0, Math.max(0, prefix.lastIndexOf('/')))
      const dir = dirKey === '' ? root : path.join(root, ...dirKey.split('/'))
      return walk(dir, dirKey, prefix)
    },

    async presignedGetUrl(key) {
      assertKey(key)
      return null
    },

    async ping() {
      try {
        await mkdir(tmpDir, { recursive: true })
        await access(root, constants.R_OK | constants.W_OK)
      } catch (err) {
        throw new Error(`media directory ${root} is not usable: ${(err as Error).message}`, { cause: err })
      }
    },
  }
}

// Makes the rename itself durable. Windows cannot open a directory for syncing; there it is best effort.
async function syncDir(dir: string): Promise<void> {
  let handle
  try {
    handle = await open(dir, 'r')
    await handle.sync()
  } catch {
    // best effort, see above
  } finally {
    await handle?.close()
  }
}

function codeOf(err: unknown): unknown {
  return (err as { code?: unknown } | null)?.code
}

// ENOTDIR: a key runs through a file (`a/b` is a blob and `a/b/c` was asked for), so `a/b/c` cannot exist.
function isMissing(err: unknown): boolean {
  const code = codeOf(err)
  return code === 'ENOENT' || code === 'ENOTDIR'
}

function isDirectory(err: unknown): boolean {
  return codeOf(err) === 'EISDIR'
}
