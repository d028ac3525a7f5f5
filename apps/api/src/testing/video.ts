// Test support for videos: the generated clips, a post.create form of them, and the worker's
// transcode done at once for a test that needs a clip's served MP4.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { and, eq, schema, sql } from '@mosaic/db'
import { probeVideo, transcodeVideo } from '@mosaic/media'
import { makeTestClips, videoToolsForTests, type TestClips } from '@mosaic/media/testing'
import { videoKey } from '@mosaic/storage'
import { FIXTURES, type TestApp } from './harness.ts'

const { media, postMedia, posts } = schema

/** The clips of @mosaic/media's test set, made once per test file in a temporary directory. */
export async function testClips(): Promise<{ clips: TestClips; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'mosaic-clips-'))
  return { clips: await makeTestClips(dir), remove: () => rm(dir, { recursive: true, force: true }) }
}

export type Upload = { name: string; data: Buffer; type?: string }

export const clip = (file: string, type = 'video/mp4'): Upload => ({ name: path.basename(file), data: readFileSync(file), type })
export const photo = (name: string): Upload => ({ name, data: readFileSync(path.join(FIXTURES, name)), type: 'image/jpeg' })

export function formOf(field: string, files: Upload[], fields: Record<string, string> = {}): FormData {
  const f = new FormData()
  for (const file of files) f.append(field, new Blob([new Uint8Array(file.data)], { type: file.type ?? 'application/octet-stream' }), file.name)
  for (const [k, v] of Object.entries(fields)) f.append(k, v)
  return f
}

/**
 * A clip's served MP4, now: the queued jobs are run first (the worker's `media.transcode`, when
 * this build has one, finishes the clip); a clip still processing after that (its job was held
 * back by the test) gets what the job does, done here: its source to video/<sha>.mp4, the medium
 * ready, and each post whose media are then all ready made ready (not published: these tests are
 * about bytes and who may read them). Returns the video key.
 */
export async function transcodeNow(t: TestApp, mediaId: string): Promise<string> {
  const db = t.app.engines.db.db
  await t.app.deps.queue.drain()
  const [row] = await db.select({ sha256: media.sha256, sourceKey: media.sourceKey, videoKey: media.videoKey, state: media.state }).from(media).where(eq(media.id, mediaId))
  if (!row?.sourceKey) throw new Error(`medium ${mediaId} is not an uploaded video`)
  if (row.state === 'ready' && row.videoKey) return row.videoKey
  const dir = await mkdtemp(path.join(tmpdir(), 'mosaic-transcode-'))
  try {
    const source = path.join(dir, 'source')
    const output = path.join(dir, 'out.mp4')
    await writeFile(source, (await t.app.engines.storage.get(row.sourceKey))!)
    const tools = videoToolsForTests()
    const probe = await probeVideo(source, tools, { maxBytes: Number.MAX_SAFE_INTEGER, maxDurationMs: 3_600_000, maxDimension: 8192 })
    await transcodeVideo(source, output, probe, tools)
    const key = videoKey(row.sha256)
    await t.app.engines.storage.putFile(key, output, { contentType: 'video/mp4' })
    await db.update(media).set({ state: 'ready', videoKey: key }).where(eq(media.id, mediaId))
    const ready = await db
      .update(posts)
      .set({ ready: true })
      .where(
        and(
          sql`${posts.id} in (select ${postMedia.postId} from ${postMedia} where ${postMedia.mediaId} = ${mediaId})`,
          sql`not exists (select 1 from ${postMedia} pm join ${media} m on m.id = pm.media_id where pm.post_id = ${posts.id} and m.state <> 'ready')`,
        ),
      )
      .returning({ id: posts.id })
    for (const p of ready) await t.app.deps.postCache.invalidate(p.id)
    return key
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
