import { sniffVideo } from '@mosaic/media'

export type UploadKind = 'image' | 'video'

/** How many leading bytes decide whether a file is a video (an ftyp box's brands, the EBML header's DocType). */
export const SNIFF_HEAD_BYTES = 64

/** A video when its first bytes say MP4, MOV or WebM; anything else goes to the photo pipeline (and its cap). */
export const sniffUploadKind = (head: Buffer): UploadKind => (sniffVideo(head) ? 'video' : 'image')

const VIDEO_NAME = /\.(mp4|m4v|mov|webm)$/i

/**
 * Goes down the video path: what its first bytes say is a video, and also what only claims to be
 * one (its name or type), so a text file named `.mp4` is told it is not a video we accept.
 */
export const isVideoUpload = (file: { kind: UploadKind; name: string; contentType: string }) =>
  file.kind === 'video' || file.contentType.startsWith('video/') || VIDEO_NAME.test(file.name)
