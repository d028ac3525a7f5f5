// HEIC (HEVC-coded HEIF, what iPhones shoot) through libheif compiled to WebAssembly: sharp's prebuilt libvips
// has no HEVC decoder (patent licensing), so the primary image is decoded here to raw pixels and handed to the
// same sharp pipeline as every other format.
//
// libheif-js decodes synchronously at roughly 0.3 s per megapixel, which would freeze the API's event loop for
// seconds per iPhone photo, so it runs on one worker thread, started on the first HEIC. A decode that crashes
// the WASM module takes only that worker down; the next HEIC gets a fresh one.
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import { corrupt } from './errors.ts'
import type { DecodedImage } from './image.ts'
import { assertDimensions, MAX_SIDE, type MediaLimits } from './limits.ts'

type Request = { id: number; input: Uint8Array; maxPixels: number; maxSide: number }
type Reply =
  | { id: number; kind: 'decoded'; data: Uint8Array; width: number; height: number; channels: 3 | 4 }
  | { id: number; kind: 'oversized'; width: number; height: number }
  | { id: number; kind: 'corrupt'; message: string }

// Plain CommonJS in a string, run with `eval: true`: the API is bundled into one file by esbuild, which would
// not ship a separate worker module, and eval'd workers need no TypeScript loader. It is the whole of the
// libheif boundary, so the libheif API (embind objects, enum members compared by identity) stays in here.
const WORKER_SOURCE = String.raw`
const { parentPort, workerData } = require('node:worker_threads')
const lib = require(workerData.libheifPath)

function decode({ input, maxPixels, maxSide }) {
  const context = lib.heif_context_alloc()
  if (!context) throw new Error('libheif could not allocate a context')
  try {
    const read = lib.heif_context_read_from_memory(context, input)
    if (read.code !== lib.heif_error_code.heif_error_Ok) return { kind: 'corrupt', message: read.message }
    const handle = lib.heif_js_context_get_primary_image_handle(context)
    if (!handle || 'code' in handle) return { kind: 'corrupt', message: handle ? handle.message : 'no primary image' }
    try {
      // Checked from the header before decoding: the declared size is what the decoder will allocate.
      const width = lib.heif_image_handle_get_width(handle)
      const height = lib.heif_image_handle_get_height(handle)
      if (width * height > maxPixels || Math.max(width, height) > maxSide) return { kind: 'oversized', width, height }
      const channels = lib.heif_image_handle_has_alpha_channel(handle) ? 4 : 3
      const chroma = channels === 4 ? lib.heif_chroma.heif_chroma_interleaved_RGBA : lib.heif_chroma.heif_chroma_interleaved_RGB
      const image = lib.heif_js_decode_image2(handle, lib.heif_colorspace.heif_colorspace_RGB, chroma)
      if (!image || 'code' in image) return { kind: 'corrupt', message: image ? image.message : 'decode failed' }
      try {
        const plane = image.channels.find((c) => c.id === lib.heif_channel.heif_channel_interleaved)
        if (!plane) return { kind: 'corrupt', message: 'no interleaved plane' }
        // The plane is a view into WASM memory that dies with heif_image_release, and its rows may be padded.
        const row = plane.width * channels
        const data = new Uint8Array(row * plane.height)
        for (let y = 0; y < plane.height; y++) data.set(plane.data.subarray(y * plane.stride, y * plane.stride + row), y * row)
        return { kind: 'decoded', data, width: plane.width, height: plane.height, channels }
      } finally {
        lib.heif_image_release(image.image)
      }
    } finally {
      lib.heif_image_handle_release(handle)
    }
  } finally {
    lib.heif_context_free(context)
  }
}

parentPort.on('message', (request) => {
  let reply
  try {
    reply = { id: request.id, ...decode(request) }
  } catch (error) {
    // An exception out of libheif (an emscripten abort, out of WASM memory) may leave the module unusable.
    parentPort.postMessage({ id: request.id, kind: 'corrupt', message: String(error) })
    process.exit(1)
  }
  parentPort.postMessage(reply, reply.kind === 'decoded' ? [reply.data.buffer] : [])
})
`

// The WASM heap grows to fit the largest photo decoded and never shrinks; an idle worker gives it back.
const IDLE_MS = 30_000

let worker: Worker | undefined
let idleTimer: NodeJS.Timeout | undefined
let nextId = 0
const pending = new Map<number, { resolve: (reply: Reply) => void; reject: (error: Error) => void }>()

function heifWorker(): Worker {
  if (worker) return worker
  const libheifPath = createRequire(import.meta.url).resolve('libheif-js/wasm-bundle')
  const started = new Worker(WORKER_SOURCE, { eval: true, workerData: { libheifPath } })
  const failAll = (error: Error) => {
    if (worker === started) worker = undefined
    for (const [id, request] of pending) {
      pending.delete(id)
      request.reject(error)
    }
  }
  started.on('message', (reply: Reply) => {
    pending.get(reply.id)?.resolve(reply)
    pending.delete(reply.id)
    if (pending.size === 0) idle(started)
  })
  started.on('error', (error) => failAll(new Error('HEIC decoder worker failed', { cause: error })))
  started.on('exit', (code) => failAll(new Error(`HEIC decoder worker exited with code ${code}`)))
  worker = started
  return started
}

// An idle worker must not keep the process alive, but a busy one must: a script awaiting a decode would
// otherwise exit with the promise unsettled.
function idle(w: Worker): void {
  w.unref()
  clearTimeout(idleTimer)
  idleTimer = setTimeout(() => {
    if (worker === w && pending.size === 0) void w.terminate()
  }, IDLE_MS).unref()
}

function send(input: Uint8Array, limits: MediaLimits): Promise<Reply> {
  const w = heifWorker()
  clearTimeout(idleTimer)
  w.ref()
  const id = nextId++
  // A copy is transferred, so the caller's buffer stays usable (it is still needed for the sha256).
  const copy = new Uint8Array(input)
  const message: Request = { id, input: copy, maxPixels: limits.maxPixels, maxSide: MAX_SIDE }
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject })
    w.postMessage(message, [copy.buffer])
  })
}

/**
 * Decodes the primary image of an HEIC file to upright 8-bit RGB(A). libheif applies the container's rotation
 * and mirror properties itself, and HEIF readers ignore EXIF orientation, so no further orientation is needed.
 */
export async function decodeHeic(input: Uint8Array, limits: MediaLimits): Promise<DecodedImage> {
  const reply = await send(input, limits)
  switch (reply.kind) {
    case 'decoded':
      return {
        data: Buffer.from(reply.data.buffer, reply.data.byteOffset, reply.data.byteLength),
        width: reply.width,
        height: reply.height,
        channels: reply.channels,
      }
    case 'oversized':
      assertDimensions(reply.width, reply.height, limits)
      throw new Error(`HEIC worker refused ${reply.width}×${reply.height}, which is within the limits`)
    case 'corrupt':
      throw corrupt(new Error(`libheif: ${reply.message}`))
  }
}
