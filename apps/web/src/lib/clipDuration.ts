/** The video types the server takes (MP4, MOV, WebM), for a file input's `accept`. */
export const VIDEO_ACCEPT = 'video/mp4,video/quicktime,video/webm,.mov'

/** Whether a picked file is a video (by type, or by name when the browser gives no type). */
export const isVideoFile = (f: File) => f.type.startsWith('video/') || /\.(mp4|m4v|mov|webm)$/i.test(f.name)

/**
 * A clip's length as the browser reads it from the file's header, or null when it cannot tell
 * (a codec it does not know, a WebM without a duration) — the server measures it again anyway.
 */
export function readClipDuration(url: string): Promise<number | null> {
  return new Promise((resolve) => {
    const video = document.createElement('video')
    const done = (ms: number | null) => {
      window.clearTimeout(timer)
      video.removeAttribute('src')
      video.load()
      resolve(ms)
    }
    const timer = window.setTimeout(() => done(null), 10_000)
    video.preload = 'metadata'
    video.muted = true
    video.onloadedmetadata = () => done(Number.isFinite(video.duration) && video.duration > 0 ? Math.round(video.duration * 1000) : null)
    video.onerror = () => done(null)
    video.src = url
  })
}
