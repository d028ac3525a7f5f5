export { createPost, deletePost, getPost, listByUser, updatePost } from './post.service.ts'
export { savedPostsOf, savePost, unsavePost } from './saved.service.ts'
export { withSavedState } from './saved-state.ts'
export { hydratePosts, loadPostCores, type Media, type Post, type PostCore } from './post.shape.ts'
export { fromFormData, readUpload, UploadForm, type UploadFile, type UploadLimits } from './upload.ts'
export { removeStaleUploads, tooLarge, tooManyVideos, UploadSpool, type SpooledFile, type SpoolLimits } from './upload-spool.ts'
export { sniffUploadKind, type UploadKind } from './upload-kind.ts'
export { upsertMedia } from './ingest.ts'
export { asFileRefusal, refuseFiles } from './refusals.ts'
export { ingestUploads, type IngestDeps } from './ingest-uploads.ts'
export { isVideoUpload } from './ingest-video.ts'
export { mergeTags, parseMentions, parseTags } from './caption.ts'
export { isPublicMediaKey } from './media-access.ts'
export { sweepOrphans, SWEEP_GRACE_SECONDS, type SweepResult } from './sweep.ts'
export {
  checkKeyFormat,
  claimKey,
  deleteExpiredKeys,
  IDEMPOTENCY_KEY,
  IDEMPOTENCY_LEASE_SECONDS,
  IDEMPOTENCY_TTL_HOURS,
  type IdempotencyClaim,
  type KeyState,
} from './idempotency.ts'
export { refreshSearchDocument } from './search-document.ts'
export { announcePost, publishInTransaction, publishPost, type Published } from './publish.ts'
