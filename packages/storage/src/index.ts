export type { BlobInfo, BlobStore, ByteRange } from './blob-store.ts'
export { createFsBlobStore } from './fs.store.ts'
export { createS3BlobStore, parseS3Endpoint, type S3Config, type S3StoreOptions } from './s3.store.ts'
export { avatarKey, InvalidKeyError, parseAvatarKey, isValidKey, rawKey, variantKey, videoKey, VARIANTS, type Variant } from './keys.ts'
// A video's upload as received, kept privately as the transcode's source, and what /media never serves.
export { isPrivateKey, PRIVATE_PREFIXES, sourceKey, VIDEO_SOURCE_EXTS, type VideoSourceExt } from './keys.ts'
export { contentTypeForKey } from './content-type.ts'
