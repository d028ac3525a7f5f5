// Test support: HTTP clients as an attacker or a bad network writes them, over bare TCP, so a test
// controls exactly which bytes are sent, when, and whether the socket goes away mid-request.
import net from 'node:net'

export type RawResponse = { status: number; headers: Record<string, string>; body: string }

export const BOUNDARY = 'mosaicRawBoundary7f3a'

/** The opening of a multipart part: a file when `filename` is given, else a text field. */
export const partHead = (field: string, filename?: string, type = 'image/png') =>
  Buffer.from(
    `--${BOUNDARY}\r\ncontent-disposition: form-data; name="${field}"${filename ? `; filename="${filename}"\r\ncontent-type: ${type}` : ''}\r\n\r\n`,
  )
export const partEnd = () => Buffer.from(`\r\n`)
export const formEnd = () => Buffer.from(`--${BOUNDARY}--\r\n`)

/** A whole multipart body from parts, as `fetch` would send it. */
export function multipartBody(parts: { field: string; filename?: string; data: Buffer | string }[]): Buffer {
  return Buffer.concat([
    ...parts.flatMap((p) => [partHead(p.field, p.filename), Buffer.from(p.data), partEnd()]),
    formEnd(),
  ])
}

function parse(raw: Buffer): RawResponse | null {
  const end = raw.indexOf('\r\n\r\n')
  if (end < 0) return null
  const [statusLine, ...lines] = raw.subarray(0, end).toString('latin1').split('\r\n')
  const headers: Record<string, string> = {}
  for (const line of lines) {
    const i = line.indexOf(':')
    headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim()
  }
  const length = Number(headers['content-length'] ?? -1)
  const body = raw.subarray(end + 4)
  if (length >= 0 && body.length < length) return null
  return { status: Number(statusLine!.split(' ')[1]), headers, body: body.subarray(0, Math.max(length, 0)).toString('utf8') }
}

/**
 * Opens a TCP connection and sends a request's head (and optionally the start of its body).
 * `response` resolves with the first complete response, or null if the connection closed first.
 */
export function rawRequest(base: string, opts: { path: string; headers: Record<string, string>; body?: Buffer; method?: string }) {
  const url = new URL(base)
  const socket = net.connect(Number(url.port), url.hostname)
  socket.setNoDelay(true)
  socket.on('error', () => {})
  let received = Buffer.alloc(0)
  let sent = 0
  let answered: RawResponse | null = null
  const response = new Promise<RawResponse | null>((resolve) => {
    socket.on('data', (d: Buffer) => {
      received = Buffer.concat([received, d])
      answered ??= parse(received)
      if (answered) resolve(answered)
    })
    socket.on('close', () => resolve(answered ?? parse(received)))
  })
  const head = [`${opts.method ?? 'POST'} ${opts.path} HTTP/1.1`, `host: ${url.host}`, ...Object.entries(opts.headers).map(([k, v]) => `${k}: ${v}`)]
  socket.write(head.join('\r\n') + '\r\n\r\n')
  const client = {
    socket,
    response,
    /** Bytes of body written so far. */
    get sent() {
      return sent
    },
    get answered() {
      return answered
    },
    /** Writes more body; resolves once the socket took it (or at once if it is gone). */
    write(data: Buffer | string): Promise<void> {
      if (socket.destroyed) return Promise.resolve()
      sent += Buffer.byteLength(data)
      return new Promise((resolve) => {
        if (socket.write(data)) resolve()
        else {
          socket.once('drain', resolve)
          socket.once('close', resolve)
        }
      })
    },
    /** Sends `bytes` single bytes, one every `everyMs`: a phone on a bad link. */
    async trickle(bytes: number, everyMs: number) {
      for (let i = 0; i < bytes && !socket.destroyed && !answered; i++) {
        await client.write(Buffer.from([0x41]))
        await sleep(everyMs)
      }
    },
    destroy: () => socket.destroy(),
  }
  if (opts.body) void client.write(opts.body)
  return client
}

export type RawClient = ReturnType<typeof rawRequest>

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Polls until `cond` holds (or throws after `ms`): for states a test cannot await directly. */
export async function waitFor(cond: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const until = Date.now() + ms
  while (!(await cond())) {
    if (Date.now() > until) throw new Error('the awaited condition never held')
    await sleep(20)
  }
}

/** Resolves with the response, or null when none came within `ms`. */
export const within = <T>(p: Promise<T>, ms: number): Promise<T | null> =>
  Promise.race([p, new Promise<null>((resolve) => setTimeout(() => resolve(null), ms))])

/** The head of a post.create upload over raw TCP. */
export const uploadHeaders = (token: string | null, contentLength: number | 'chunked', extra: Record<string, string> = {}) => ({
  'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
  ...(contentLength === 'chunked' ? { 'transfer-encoding': 'chunked' } : { 'content-length': String(contentLength) }),
  ...(token ? { authorization: `Bearer ${token}` } : {}),
  ...extra,
})

/** One chunk of a chunked body. */
export const chunk = (data: Buffer) => Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`), data, Buffer.from('\r\n')])
