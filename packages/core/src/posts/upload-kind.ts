import { sniffVideo } from '@mosaic/media'

export type UploadKind = 'image' | 'video'

/** How many leading bytes decide whether a file is a video (an ftyp box's brands, the EBML header's DocType). */
export const SNIFF_HEAD_BYTES = 64

/** A video when its first bytes say MP4, MOV or WebM; anything else goes to the photo pipeline (and its cap). */
export const sniffUploadKind = (head: Buffer): UploadKind => (sniffVideo(head) ? 'video' : 'image')
