import { and, desc, eq, gt, inArray, schema } from '@mosaic/db'
import type { CoreDeps, Viewer } from '../deps.ts'
import { notFound } from '../errors.ts'

const { dataExports, users } = schema

/** How long a finished zip is kept (and its link can be asked for again) before the sweep collects it. */
export const EXPORT_KEEP_MS = 7 * 24 * 3600_000
/** A request within this long of a finished export answers with that one instead of building another. */
const REUSE_READY_MS = 3600_000

export const exportKey = (exportId: string) => `exports/${exportId}.zip`

/**
 * "Download my data": answers at once with the link the zip will be served at (a signed link to
 * `/exports/<id>.zip`, owner only); the worker builds it (`export.build`) and then notifies the
 * account (`export_ready`). Until then the link answers 404 "not ready yet". An export still being
 * built, or one finished within the hour, is answered again instead of queueing another.
 */
export async function requestExport(deps: Pick<CoreDeps, 'db' | 'queue' | 'clock' | 'exportLinks'>, viewer: Viewer): Promise<{ url: string }> {
  const now = deps.clock.now()
  const [recent] = await deps.db
    .select({ id: dataExports.id, state: dataExports.state, readyAt: dataExports.readyAt })
    .from(dataExports)
    .where(and(eq(dataExports.userId, viewer.id), inArray(dataExports.state, ['pending', 'ready']), gt(dataExports.expiresAt, now)))
    .orderBy(desc(dataExports.createdAt))
    .limit(1)
  if (recent && (recent.state === 'pending' || (recent.readyAt && now.getTime() - recent.readyAt.getTime() < REUSE_READY_MS))) {
    return { url: deps.exportLinks.url(recent.id) }
  }
  const [row] = await deps.db
    .insert(dataExports)
    .values({ userId: viewer.id, expiresAt: new Date(now.getTime() + EXPORT_KEEP_MS) })
    .returning({ id: dataExports.id })
  if (!row) throw new Error('insert returned no row')
  await deps.queue.enqueue('export.build', { exportId: row.id }, { jobId: `export-${row.id}` })
  return { url: deps.exportLinks.url(row.id) }
}

export type ExportDownload =
  | { state: 'pending' | 'failed' }
  | { state: 'ready'; key: string; bytes: number | null; filename: string }

/**
 * An export as its owner may fetch it. Anyone else, like an unknown or expired export, is NOT_FOUND:
 * a link that leaked (or was forwarded) opens nothing without the owner's session.
 */
export async function downloadExport(deps: Pick<CoreDeps, 'db' | 'clock'>, viewer: Viewer, exportId: string): Promise<ExportDownload> {
  const [row] = await deps.db
    .select({ state: dataExports.state, key: dataExports.blobKey, bytes: dataExports.bytes, readyAt: dataExports.readyAt, username: users.username })
    .from(dataExports)
    .innerJoin(users, eq(users.id, dataExports.userId))
    .where(and(eq(dataExports.id, exportId), eq(dataExports.userId, viewer.id), gt(dataExports.expiresAt, deps.clock.now())))
    .limit(1)
  if (!row) throw notFound('That export')
  if (row.state !== 'ready' || !row.key) return { state: row.state === 'failed' ? 'failed' : 'pending' }
  const day = (row.readyAt ?? deps.clock.now()).toISOString().slice(0, 10)
  return { state: 'ready', key: row.key, bytes: row.bytes, filename: `mosaic-${row.username}-${day}.zip` }
}
