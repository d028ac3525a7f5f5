import { extractPoster, probeVideo, unprobedPosterFits, type VideoContainer, type VideoProbe } from '@mosaic/media'
import { sourceKey } from '@mosaic/storage'
import { type Limits, videoLimitsOf } from '@mosaic/validators'
import type { CoreDeps } from '../deps.ts'
import { DomainError } from '../errors.ts'
import { createSemaphore } from '../limits/semaphore.ts'
import { imageValues, type MediaValues, type Prepared, refusalOf, renderImage, storeVariants } from './ingest.ts'
import type { UploadFile } from './upload.ts'

export type VideoIngestDeps = Pick<CoreDeps, 'storage' | 'mediaLimits' | 'video'> & { limits: Limits }

const SOURCE_TYPES: Record<VideoContainer, string> = { mp4: 'video/mp4', mov: 'video/quicktime', webm: 'video/webm' }

// ffprobe and one decoded frame per video: cheap next to a transcode, but a post may carry several
// clips and several uploads run at once, so only this many run at a time per process.
const probeSlots = createSemaphore(2)

export { isVideoUpload } from './upload-kind.ts'

// What the upload's probe found, by the values prepareVideo made of it (the same object travels to the
// post's transaction and on to the transcode job), so the worker need not probe the clip again.
const probes = new WeakMap<MediaValues, VideoProbe>()

/** The upload's probe of a clip this process just prepared, if `values` are prepareVideo's. */
export const uploadProbeOf = (values: MediaValues): VideoProbe | undefined => probes.get(values)

const limitsFor = (limits: Limits, story: boolean) => videoLimitsOf(limits, { story, storyMaxSeconds: limits.storyVideoMaxSeconds })

/**
 * A video, checked and readied at upload: probed under the limits (a story's shorter one for a
 * story), a poster frame through the image pipeline (sizes and placeholder, keyed by the video's
 * hash like a photo's), and the upload itself to be kept privately (`source/`) as the transcode's
 * source. The media row starts `processing`; the worker's `media.transcode` makes it `ready`.
 */
export async function prepareVideo(deps: VideoIngestDeps, file: UploadFile, opts: { story: boolean }): Promise<Prepared> {
  // At upload the tools run at normal priority: the uploader waits on this probe and frame, while
  // `nice` is for the worker's long transcodes.
  const tools = { ...deps.video.tools, nice: false }
  const limits = limitsFor(deps.limits, opts.story)
  let kept: Promise<void> | undefined
  try {
    const { probe, frame } = await probeSlots.run(async () => {
      // The poster frame is decoded while ffprobe reads the file (each decodes the first keyframe,
      // the costliest part of both), not after it. It is wanted only if the probe accepts the clip,
      // and is right only for SDR clips of a second or more: refused, it is stopped; HDR (or very
      // short), it is taken again with the probe, tone-mapped (or from half the clip's length).
      const stop = new AbortController()
      const early = extractPoster(file.path, null, tools, stop.signal)
      early.catch(() => {})
      // Stopped, and waited for, so that no ffmpeg still reads the upload once this returns.
      const dropEarly = async () => {
        stop.abort()
        await early.catch(() => {})
      }
      const probe = await probeVideo(file.path, tools, limits).catch(async (err: unknown) => {
        await dropEarly()
        throw err
      })
      // A clip the probe accepts is kept while its poster renders: the copy and its fsync overlap the
      // decode instead of following it. Should the poster fail after all, the sweep collects the blob.
      kept = deps.storage.putFile(sourceKey(file.sha256, probe.container), file.path, { contentType: SOURCE_TYPES[probe.container] })
      kept.catch(() => {})
      if (!unprobedPosterFits(probe)) {
        await dropEarly()
        return { probe, frame: await extractPoster(file.path, probe, tools) }
      }
      // Should the expression-sized run fail where the probed one would not, the probed one decides.
      return { probe, frame: await early.catch(() => extractPoster(file.path, probe, tools)) }
    })
    // The poster is a frame this server decoded, not an upload: the photo caps do not apply to it
    // (a 4K frame as PNG may be larger than a photo may be); the video's own limits already did.
    const posterLimits = { maxBytes: Number.MAX_SAFE_INTEGER, maxPixels: Math.max(deps.mediaLimits.maxPixels, limits.maxDimension ** 2) }
    const poster = await renderImage(async () => frame, file.sha256, posterLimits, opts.story ? ['story'] : [])
    const values: MediaValues = {
      ...imageValues(poster, file.bytes, opts.story),
      format: probe.container,
      width: probe.width,
      height: probe.height,
      kind: 'video',
      state: 'processing',
      durationMs: probe.durationMs,
      sourceKey: sourceKey(file.sha256, probe.container),
    }
    probes.set(values, probe)
    return {
      values,
      store: async () => {
        await Promise.all([storeVariants(deps.storage, poster), kept])
      },
    }
  } catch (err) {
    throw refusalOf(file, err)
  }
}

/** A video already stored (the same bytes, by anyone) is not probed again, but a story still holds it to a story's length. */
export function checkKnownVideo(limits: Limits, file: UploadFile, row: MediaValues, opts: { story: boolean }): void {
  if (row.kind !== 'video' || row.durationMs == null) return
  const { maxDurationMs } = limitsFor(limits, opts.story)
  if (row.durationMs > maxDurationMs) {
    const s = (ms: number) => `${Math.round(ms / 100) / 10} seconds`
    throw new DomainError('PAYLOAD_TOO_LARGE', `File ${file.index + 1} (${file.name}): The video is ${s(row.durationMs)} long; the limit is ${s(maxDurationMs)}`, {
      fileIndex: file.index,
    })
  }
}
