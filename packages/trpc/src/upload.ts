import { posts, UploadForm } from '@mosaic/core'
import { z } from 'zod'

/**
 * Input schema of the FormData procedures: clients send FormData. Over HTTP the api's streaming
 * reader has already turned the body into an UploadForm (limits enforced while bytes arrived);
 * callers without HTTP (tests, scripts) pass a FormData, converted here. The media pipeline
 * enforces size limits again either way.
 */
export const formDataInput = (fileField: string, maxFiles: number) =>
  z
    .custom<FormData>((v) => v instanceof FormData || v instanceof UploadForm, 'Send this as multipart/form-data')
    .transform((v): Promise<UploadForm> | UploadForm =>
      v instanceof UploadForm ? v : posts.fromFormData(v, { maxFiles, maxFileBytes: Number.MAX_SAFE_INTEGER }, fileField),
    )
