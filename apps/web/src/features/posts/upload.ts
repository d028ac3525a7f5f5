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
    /** for 503 (server busy) and 409 (the same upload still running): seconds to wait before retrying */
    readonly retryAfterSeconds: number | null = null,
    /** every bad file of the upload, when the server names them (each with its own message) */
    readonly files: FileProblem[] = [],
  ) {
    super(message)
    this.name = 'UploadError'
  }
}

/** One bad file as the server names it (packages/core/src/posts/refusals.ts). */
export type FileProblem = { index: number; name: string; code: string; message: string }

type ErrorBody = {
  error?: {
    message?: string
    data?: { code?: string; httpStatus?: number; fileIndex?: number; field?: string; files?: FileProblem[] }
  }
}

type Callbacks = {
  /** bytes sent so far, of the whole request body */
  onProgress?: (loaded: number, total: number) => void
  /** every byte is sent; the server is now processing the photos */
  onUploaded?: () => void
  signal?: AbortSignal
  /** sent as `Idempotency-Key`: retries with the same key make one post, never two */
  idempotencyKey?: string
}

/**
 * Sends post.create as multipart/form-data. fetch cannot report upload progress, so this uses
 * XMLHttpRequest; the session cookie goes along because the request is same-origin.
 */
export function uploadPost(form: FormData, { onProgress, onUploaded, signal, idempotencyKey }: Callbacks = {}): Promise<CreatedPost> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', '/trpc/post.create')
    xhr.setRequestHeader('Accept', 'application/json')
    if (idempotencyKey) xhr.setRequestHeader('Idempotency-Key', idempotencyKey)

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

      const retryAfter = Number(xhr.getResponseHeader('Retry-After'))
      const retryAfterSeconds = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null
      const error = (body as ErrorBody | null)?.error
      if (error) {
        const d = error.data ?? {}
        return reject(
          new UploadError(
            error.message ?? 'The upload failed.',
            d.code ?? null,
            d.httpStatus ?? xhr.status,
            d.fileIndex ?? null,
            d.field ?? null,
            retryAfterSeconds,
            Array.isArray(d.files) ? d.files : [],
          ),
        )
      }
      if (xhr.status === 503) {
        return reject(new UploadError('Mosaic is busy right now. Please try again in a moment.', 'SERVICE_UNAVAILABLE', 503, null, null, retryAfterSeconds))
      }
      // No tRPC answer at all: a proxy in front of the server refused or failed the request.
      if (xhr.status === 413) return reject(new UploadError('These photos are too large to upload together.', 'PAYLOAD_TOO_LARGE', 413))
      reject(new UploadError('Something went wrong on our side. Please try again in a moment.', 'INTERNAL_SERVER_ERROR', xhr.status))
    }
    // No answer at all: the network failed, or a busy server refused the body before reading it and
    // closed the connection while the browser was still sending (it answers 503 then, but a browser
    // may only see the reset).
    xhr.onerror = () => reject(new UploadError("Can't reach Mosaic right now. Check your connection and try again.", 'NETWORK'))
    xhr.onabort = () => reject(new DOMException('The upload was cancelled', 'AbortError'))

    if (signal) {
      if (signal.aborted) return reject(new DOMException('The upload was cancelled', 'AbortError'))
      signal.addEventListener('abort', () => xhr.abort(), { once: true })
    }
    xhr.send(form)
  })
}

/** A fresh Idempotency-Key. randomUUID needs a secure context; a LAN install over plain HTTP has only getRandomValues. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID()
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('')
}

/** How many times a busy (503), still-running (409) or lost (network) upload is retried before it is shown. */
const MAX_RETRIES = 4
const MAX_WAIT_SECONDS = 30

/**
 * uploadPost with the retries a busy server asks for: on 503 (queue full) or 409 (the same upload
 * is still being processed) it waits the server's Retry-After and sends again with the same
 * Idempotency-Key, so however many tries it takes there is one post. A request that got no answer
 * is retried the same way (with backoff): the key makes that safe even if the first one landed.
 */
export async function uploadPostWithRetry(
  form: FormData,
  callbacks: Callbacks & { idempotencyKey: string; onWaiting?: (seconds: number) => void },
): Promise<CreatedPost> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await uploadPost(form, callbacks)
    } catch (err) {
      const retryable = err instanceof UploadError && (err.httpStatus === 503 || err.httpStatus === 409 || err.code === 'NETWORK')
      if (!retryable || attempt >= MAX_RETRIES) throw err
      const seconds = Math.min(MAX_WAIT_SECONDS, err.retryAfterSeconds ?? 2 ** attempt)
      callbacks.onWaiting?.(seconds)
      await wait(seconds * 1000, callbacks.signal)
    }
  }
}

function wait(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const cancelled = () => reject(new DOMException('The upload was cancelled', 'AbortError'))
    if (signal?.aborted) return cancelled()
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    const onAbort = () => {
      clearTimeout(timer)
      cancelled()
    }
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
