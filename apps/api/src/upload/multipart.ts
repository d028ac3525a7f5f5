import { createHash } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import Busboy, { type BusboyHeaders, type BusboyInstance } from '@fastify/busboy'
import { DomainError, posts, UploadForm } from '@mosaic/core'

export type MultipartLimits = { maxFileBytes: number; maxFiles: number; fileField: string }

const MAX_FIELDS = 40
const MAX_FIELD_BYTES = 16 * 1024

/** The most a well-formed request with `maxFiles` files at the limit can weigh (parts' headers included). */
export const maxRequestBytes = (l: MultipartLimits) => l.maxFiles * l.maxFileBytes + MAX_FIELDS * MAX_FIELD_BYTES + 64 * 1024

/**
 * Reads a multipart body as it streams in: each file is hashed while its bytes arrive and
 * refused the moment it passes the per-file cap, so an oversize upload is never buffered whole.
 */
export function readMultipart(req: IncomingMessage, limits: MultipartLimits): Promise<UploadForm> {
  return new Promise((resolve, reject) => {
    let bb: BusboyInstance
    try {
      bb = new Busboy({
        headers: req.headers as BusboyHeaders,
        limits: { fileSize: limits.maxFileBytes, files: limits.maxFiles, fields: MAX_FIELDS, fieldSize: MAX_FIELD_BYTES, parts: limits.maxFiles + MAX_FIELDS },
      })
    } catch {
      reject(new DomainError('BAD_REQUEST', 'The upload is not valid multipart/form-data'))
      return
    }
    const files: Promise<posts.UploadFile>[] = []
    const fields = new Map<string, string[]>()
    let failed = false
    const fail = (err: Error) => {
      if (failed) return
      failed = true
      req.unpipe(bb)
      req.resume() // drain what is still in flight so the connection can answer
      reject(err)
    }

    bb.on('file', (field, stream, filename, _encoding, mimeType) => {
      if (field !== limits.fileField) {
        stream.resume()
        return
      }
      const index = files.length
      const name = filename || `file ${index + 1}`
      files.push(
        new Promise((resolveFile) => {
          const hash = createHash('sha256')
          const chunks: Buffer[] = []
          stream.on('data', (chunk: Buffer) => {
            hash.update(chunk)
            chunks.push(chunk)
          })
          stream.on('limit', () => fail(posts.tooLarge(index, name, limits.maxFileBytes)))
          stream.on('end', () => resolveFile({ index, name, contentType: mimeType, data: Buffer.concat(chunks), sha256: hash.digest('hex') }))
        }),
      )
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
      if (failed) return
      Promise.all(files).then((list) => !failed && resolve(new UploadForm(list, fields)), fail)
    })
    req.on('aborted', () => fail(new DomainError('BAD_REQUEST', 'The upload was interrupted')))
    req.pipe(bb)
  })
}
