export { hammingDistance } from './dhash.ts'
export { MediaError, type MediaErrorCode } from './errors.ts'
export { sha256Hex } from '@mosaic/util'
export { MAX_SIDE, type MediaLimits } from './limits.ts'
export { processImage, type ProcessedImage } from './process.ts'
export { LARGE_WIDTH, SMALL_WIDTH, STORY_BOX, THUMB_SIZE, type ExtraVariant, type RenderedVariant, type Variant } from './render.ts'
export { describeContent, SNIFF_BYTES, sniffFormat, type ImageFormat } from './sniff.ts'
export { AVATAR_SIZES, AvatarCropError, renderAvatar, resolveCrop, type AvatarCrop, type AvatarSize, type RenderedAvatar } from './avatar.ts'
export {
  canRemux,
  extractPoster,
  probeVideo,
  sniffVideo,
  TARGET_SHORT_SIDE,
  targetSize,
  transcodeVideo,
  unprobedPosterFits,
  videoContentType,
  type TranscodeResult,
  type VideoContainer,
  type VideoLimits,
  type VideoProbe,
  type VideoTools,
} from './video/index.ts'
export { reencodeForExport } from './export.ts'
export { unsupported, ACCEPTED_FORMATS_TEXT } from './errors.ts'
