import { createWriteStream } from 'node:fs'
import { mkdir, rm, stat } from 'node:fs/promises'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import { and, eq, schema } from '@mosaic/db'
import { reencodeForExport } from '@mosaic/media'
import { ZipFile } from 'yazl'
import type { CoreDeps } from '../deps.ts'
import type { JobRun } from '../job-payloads.ts'
import { decodeSlots } from '../posts/ingest.ts'
import { collectExport } from './export.data.ts'
import { EXPORT_KEEP_MS, exportKey } from './export.service.ts'

const { dataExports, notifications } = schema

export type ExportBuildDeps = Pick<CoreDeps, 'db' | 'storage' | 'clock' | 'video'>

/**
 * The `export.build` handler: the account's photos (each stored original re-encoded, so no metadata
 * block of any kind leaves) and data.json, zipped to a scratch file, stored privately under
 * `exports/`, the row marked ready, and the owner notified (`export_ready`). A retry after a crash
 * builds it again from the start; running again once it is ready changes nothing. On the last
 * attempt it is marked failed, and the settings page offers to ask again.
 */
export async function buildExport(deps: ExportBuildDeps, exportId: string, run?: JobRun): Promise<void> {
  const [row] = await deps.db.select({ userId: dataExports.userId, state: dataExports.state }).from(dataExports).where(eq(dataExports.id, exportId))
  if (!row || row.state !== 'pending') return
  const dir = path.join(deps.video.scratchDir, 'exports')
  const file = path.join(dir, `${exportId}.zip`)
  try {
    const collected = await collectExport(deps.db, row.userId, deps.clock.now())
    if (!collected) return
    await mkdir(dir, { recursive: true })
    const zip = new ZipFile()
    const written = pipeline(zip.outputStream, createWriteStream(file))
    zip.addBuffer(Buffer.from(JSON.stringify(collected.data, null, 2)), 'data.json')
    const added = new Set<string>()
    for (const photo of collected.photos) {
      if (!photo.file || added.has(photo.file)) continue
      const stored = await deps.storage.get(photo.originalKey)
      if (!stored) throw new Error(`stored original ${photo.originalKey} is missing`)
      // One photo decoded at a time, in the same slots as uploads: an export never crowds them out.
      const jpeg = await decodeSlots.run(() => reencodeForExport(stored))
      zip.addBuffer(jpeg, photo.file, { compress: false })
      added.add(photo.file)
    }
    zip.end()
    await written
    const key = exportKey(exportId)
    await deps.storage.putFile(key, file, { contentType: 'application/zip' })
    const { size } = await stat(file)
    const now = deps.clock.now()
    await deps.db.transaction(async (tx) => {
      const [done] = await tx
        .update(dataExports)
        .set({ state: 'ready', blobKey: key, bytes: size, readyAt: now, expiresAt: new Date(now.getTime() + EXPORT_KEEP_MS) })
        .where(and(eq(dataExports.id, exportId), eq(dataExports.state, 'pending')))
        .returning({ id: dataExports.id })
      if (done) await tx.insert(notifications).values({ recipientId: row.userId, actorId: row.userId, type: 'export_ready', exportId, dedupeKey: `export_ready:${exportId}` })
    })
  } catch (err) {
    if (run && run.attempt < run.attempts) throw err
    await deps.db.update(dataExports).set({ state: 'failed' }).where(and(eq(dataExports.id, exportId), eq(dataExports.state, 'pending')))
    throw err
  } finally {
    await rm(file, { force: true })
  }
}
