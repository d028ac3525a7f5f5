import type { RouterOutputs } from '@mosaic/trpc'

export type CreatedPost = RouterOutputs['post']['create']

/** What the server said about a failed upload, in the tRPC error shape (packages/trpc/src/trpc.ts). */
export class UploadError extends Error {
  constructor(
    message: string,
    readonly code: string | null = null,
    readonly httpStatus: number | null = null,
    /** the file the error is about, 0-based, in the order the files were sent */
    readonly fileIndex: number | null = null,
    readonly field: string | null = null,
  ) {
    super(message)
    this.name = 'UploadError'
  }
}

type ErrorBody = {
  error?: {
    message?: string
    data?: { code?: string; httpStatus?: number; fileIndex?: number; field?: string }
  }
}

type Callbacks = {
  /** bytes sent so far, of the whole request body */
  onProgress?: (loaded: number, total: number) => void
  /** every byte is sent; the server is now processing the photos */
  onUploaded?: () => void
  signal?: AbortSignal
}

/**
 * Sends post.create as multipart/form-data. fetch cannot report upload progress, so this uses
 * XMLHttpRequest; the session cookie goes along because the request is same-origin.
 */
export function uploadPost(form: FormData, { onProgress, onUploaded, signal }: Callbacks = {}): Promise<CreatedPost> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', '/trpc/post.create')
    xhr.setRequestHeader('Accept', 'application/json')

    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress?.(e.loaded, e.total)
    }
    xhr.upload.onload = () => onUploaded?.()

    xhr.onload = () => {
      let body: unknown = null
      try {
        body = JSON.parse(xhr.responseText)
      } catch {
        body = null
      }
      const data = (body as { result?: { data?: CreatedPost } } | null)?.result?.data
      if (xhr.status >= 200 && xhr.status < 300 && data) return resolve(data)

      const error = (body as ErrorBody | null)?.error
      if (error) {
        const d = error.data ?? {}
        return reject(new UploadError(error.message ?? 'The upload failed.', d.code ?? null, d.httpStatus ?? xhr.status, d.fileIndex ?? null, d.field ?? null))
      }
      // No tRPC answer at all: a proxy in front of the server refused or failed the request.
      if (xhr.status === 413) return reject(new UploadError('These photos are too large to upload together.', 'PAYLOAD_TOO_LARGE', 413))
      reject(new UploadError('Something went wrong on our side. Please try again in a moment.', 'INTERNAL_SERVER_ERROR', xhr.status))
    }
    xhr.onerror = () => reject(new UploadError("Can't reach Mosaic right now. Check your connection and try again."))
    xhr.onabort = () => reject(new DOMException('The upload was cancelled', 'AbortError'))

    if (signal) {
      if (signal.aborted) return reject(new DOMException('The upload was cancelled', 'AbortError'))
      signal.addEventListener('abort', () => xhr.abort(), { once: true })
    }
    xhr.send(form)
  })
}
