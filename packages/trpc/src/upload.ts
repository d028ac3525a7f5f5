import { posts, UploadForm } from '@mosaic/core'
import type { Limits } from '@mosaic/validators'
import { z } from 'zod'

/**
 * Input of the procedures that take photos: an UploadForm. Over HTTP the api's streaming reader
 * has already built it from the multipart body (API.md's FormData contract), limits enforced while
 * bytes arrived; callers without HTTP (tests, scripts) may pass the FormData itself.
 */
export const uploadInput = z.custom<UploadForm | FormData>((v) => v instanceof UploadForm || v instanceof FormData, 'Send this as multipart/form-data')

/**
 * The upload as an UploadForm: a FormData from a caller without HTTP is read here under the
 * configured number of files (the media pipeline enforces the byte and pixel limits either way).
 */
export const toUploadForm = (input: UploadForm | FormData, limits: Pick<Limits, 'filesPerPost'>, fileField: string): UploadForm | Promise<UploadForm> =>
  input instanceof UploadForm ? input : posts.fromFormData(input, { maxFiles: limits.filesPerPost, maxFileBytes: Number.MAX_SAFE_INTEGER }, fileField)
