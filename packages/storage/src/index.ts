export type { BlobInfo, BlobStore, ByteRange } from './blob-store.ts'
export { createFsBlobStore } from './fs.store.ts'
export { createS3BlobStore, parseS3Endpoint, type S3Config, type S3StoreOptions } from './s3.store.ts'
export {
  avatarKey,
  InvalidKeyError,
  isPrivateKey,
  isValidKey,
  parseAvatarKey,
  PRIVATE_PREFIXES,
  rawKey,
  sourceKey,
  variantKey,
  VARIANTS,
  VIDEO_SOURCE_EXTS,
  videoKey,
  type Variant,
  type VideoSourceExt,
} from './keys.ts'
export { contentTypeForKey } from './content-type.ts'
