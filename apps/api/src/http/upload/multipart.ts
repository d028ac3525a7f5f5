import type { IncomingMessage } from 'node:http'
import Busboy, { type BusboyHeaders, type BusboyInstance } from '@fastify/busboy'
import { DomainError, posts, UploadForm } from '@mosaic/core'

export type MultipartLimits = {
  /** A photo's cap; a video's is `maxVideoBytes`, decided by each file's first bytes. */
  maxFileBytes: number
  maxVideoBytes: number
  /** Video files this procedure takes (0: a video is held to the photo cap, and refused later in words). */
  maxVideos: number
  maxFiles: number
  fileField: string
  /** The body is dropped when no byte of it arrives for this long (a minimum rate, not a total time). */
  idleTimeoutMs: number
}

const MAX_FIELDS = 40
const MAX_FIELD_BYTES = 16 * 1024
// Everything in a body that is not file content: text fields, part headers, boundaries, and slack
// for file bytes the parser has taken but not handed on yet.
const NON_FILE_BYTES = MAX_FIELDS * MAX_FIELD_BYTES + 320 * 1024

/** The most one file may weigh, whatever it is. */
const largestFile = (l: Pick<MultipartLimits, 'maxFileBytes' | 'maxVideoBytes' | 'maxVideos'>) => (l.maxVideos > 0 ? Math.max(l.maxFileBytes, l.maxVideoBytes) : l.maxFileBytes)

/** The most a well-formed request with `maxFiles` files at their limits can weigh (parts' headers included). */
export const maxRequestBytes = (l: Pick<MultipartLimits, 'maxFiles' | 'maxFileBytes' | 'maxVideoBytes' | 'maxVideos'>) => {
  const videos = Math.min(l.maxVideos, l.maxFiles)
  return videos * largestFile(l) + (l.maxFiles - videos) * l.maxFileBytes + MAX_FIELDS * MAX_FIELD_BYTES + 64 * 1024
}

export const interrupted = () => new DomainError('BAD_REQUEST', 'The upload was interrupted')

/** The client has gone (or the connection was closed): nothing of this request can be read any more. */
export const clientGone = (req: IncomingMessage) => req.destroyed || req.readableAborted || req.socket.destroyed

/**
 * Reads a multipart body as it streams in: each file goes to a temporary file in `spool`, hashed
 * while its bytes arrive and refused the moment it passes its cap (a video's or a photo's, by its
 * first bytes), so no upload is ever held in memory. It settles whatever the client does: a client
 * that leaves, a stalled body (no byte for `idleTimeoutMs`), a file in the wrong part or endless
 * text fail it at once, and the spool's writes are stopped (the caller disposes of it either way).
 */
export function readMultipart(req: IncomingMessage, limits: MultipartLimits, spool: posts.UploadSpool, signal?: AbortSignal): Promise<UploadForm> {
  return new Promise((resolve, reject) => {
    if (clientGone(req) || signal?.aborted) return reject(interrupted())
    let bb: BusboyInstance
    try {
      bb = new Busboy({
        headers: req.headers as BusboyHeaders,
        // One byte over the largest cap, so the spool (which knows each file's own cap) refuses first.
        limits: { fileSize: largestFile(limits) + 1, files: limits.maxFiles, fields: MAX_FIELDS, fieldSize: MAX_FIELD_BYTES, parts: limits.maxFiles + MAX_FIELDS },
      })
    } catch {
      reject(new DomainError('BAD_REQUEST', 'The upload is not valid multipart/form-data'))
      return
    }
    const files: Promise<posts.UploadFile>[] = []
    const fileNames = new Map<number, string>()
    const fields = new Map<string, string[]>()
    let settled = false
    let received = 0
    let fileBytes = 0

    const stopWatching = () => {
      clearTimeout(idle)
      req.off('data', onData)
      req.off('end', onEnd)
      req.off('close', onClose)
      req.off('aborted', onClose)
      req.off('error', onClose)
      signal?.removeEventListener('abort', onClose)
    }
    // A file that stops the stream (too large) is answered with every file found bad before it.
    const withEarlierRefusals = (cause: Error): Error => {
      const stopper = posts.asFileRefusal(cause, fileNames)
      return stopper && spool.refusals.length > 0 ? posts.refuseFiles([...spool.refusals, stopper]) : cause
    }
    const fail = (cause: Error) => {
      if (settled) return
      settled = true
      const err = withEarlierRefusals(cause)
      stopWatching()
      req.unpipe(bb)
      bb.removeAllListeners()
      bb.on('error', () => {})
      bb.destroy()
      // Nothing read so far is kept: the form is never built, and the files stop being written.
      void spool.dispose()
      reject(err)
    }
    const stalled = () => {
      fail(new DomainError('BAD_REQUEST', `No data arrived for ${Math.round(limits.idleTimeoutMs / 1000)} s: the upload was dropped`))
      // The client is still connected but sends nothing: close its connection rather than wait on it.
      req.destroy()
    }
    const onData = (chunk: Buffer) => {
      received += chunk.length
      idle.refresh()
      if (received > maxRequestBytes(limits)) {
        fail(new DomainError('PAYLOAD_TOO_LARGE', `The upload is larger than the ${Math.round(maxRequestBytes(limits) / 1e6)} MB a post can be`))
      } else if (received - fileBytes > NON_FILE_BYTES) {
        fail(new DomainError('PAYLOAD_TOO_LARGE', 'The form fields of this upload are too large'))
      }
    }
    const onEnd = () => clearTimeout(idle)
    const onClose = () => {
      if (!req.complete || signal?.aborted) fail(interrupted())
    }

    bb.on('file', (field, stream, filename, _encoding, mimeType) => {
      if (field !== limits.fileField) {
        stream.resume()
        fail(new DomainError('BAD_REQUEST', `Unexpected file in the field "${field}": photos go in "${limits.fileField}"`, { field }))
        return
      }
      const index = files.length
      const name = filename || `file ${index + 1}`
      fileNames.set(index, name)
      const file = spool.write(stream, index, name, (n) => (fileBytes += n), mimeType).then((stored) => ({ index, name, contentType: mimeType, ...stored }))
      file.catch((err: unknown) => fail(err instanceof Error ? err : new Error(String(err))))
      stream.on('limit', () => fail(posts.tooLarge(index, name, largestFile(limits))))
      files.push(file)
    })
    bb.on('field', (name, value, _nameTruncated, valueTruncated) => {
      if (valueTruncated) return fail(new DomainError('BAD_REQUEST', `The field "${name}" is too long`, { field: name }))
      fields.set(name, [...(fields.get(name) ?? []), value])
    })
    bb.on('filesLimit', () => fail(new DomainError('BAD_REQUEST', `At most ${limits.maxFiles} files per upload`, { field: limits.fileField })))
    bb.on('fieldsLimit', () => fail(new DomainError('BAD_REQUEST', 'Too many form fields')))
    bb.on('partsLimit', () => fail(new DomainError('BAD_REQUEST', 'Too many form parts')))
    bb.on('error', () => fail(new DomainError('BAD_REQUEST', 'The upload is not valid multipart/form-data')))
    bb.on('finish', () => {
      if (settled) return
      Promise.all(files).then((list) => {
        if (settled) return
        settled = true
        stopWatching()
        resolve(new UploadForm(list, fields, spool))
      }, fail)
    })

    // Listeners first, so an event that fires while the pipe is set up is not missed; and 'close'
    // as well as 'aborted', since a request whose client left before this point emits neither again.
    req.on('close', onClose)
    req.on('aborted', onClose)
    req.on('error', onClose)
    signal?.addEventListener('abort', onClose, { once: true })
    const idle = setTimeout(stalled, limits.idleTimeoutMs)
    req.pipe(bb)
    req.on('data', onData)
    req.on('end', onEnd)
  })
}
