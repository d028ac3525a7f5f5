import { posts, UploadForm } from '@mosaic/core'
import { z } from 'zod'

/**
 * Input of the procedures that take files: an UploadForm. Over HTTP the api's streaming reader
 * has already built it from the multipart body (API.md's FormData contract), limits enforced while
 * bytes arrived; callers without HTTP (tests, scripts) may pass the FormData itself.
 */
export const uploadInput = z.custom<UploadForm | FormData>((v) => v instanceof UploadForm || v instanceof FormData, 'Send this as multipart/form-data')

/**
 * Runs `use` over the upload as an UploadForm. A FormData from a caller without HTTP is spooled to
 * temporary files here under the number of files (and videos) given, and removed when `use` is
 * done (the media pipelines enforce the byte, pixel and duration limits either way); a form from
 * the HTTP reader belongs to the request that read it, which removes its files.
 */
export async function withUploadForm<T>(
  input: UploadForm | FormData,
  limits: { maxFiles: number; maxVideos: number },
  fileField: string,
  /** Where the files are written (CoreDeps.video.scratchDir). */
  tmpRoot: string,
  use: (form: UploadForm) => Promise<T>,
): Promise<T> {
  if (input instanceof UploadForm) return use(input)
  const unbounded = { maxFileBytes: Number.MAX_SAFE_INTEGER, maxVideoBytes: Number.MAX_SAFE_INTEGER }
  const form = await posts.fromFormData(input, { ...limits, ...unbounded }, fileField, tmpRoot)
  try {
    return await use(form)
  } finally {
    await form.dispose()
  }
}
