// The video half of @mosaic/media: probe and refuse, poster frame, transcode to the one served format.
export const videoContentType = 'video/mp4'
export { extractPoster, unprobedPosterFits } from './poster.ts'
export { probeVideo, type VideoLimits, type VideoProbe } from './probe.ts'
export { type VideoTools } from './run.ts'
export { sniffVideo, type VideoContainer } from './sniff.ts'
export { canRemux, REMUX_MAX_BITRATE, transcodeVideo, type TranscodeResult } from './transcode.ts'
export { TARGET_SHORT_SIDE, targetSize } from './filters.ts'
