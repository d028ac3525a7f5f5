// The video filter chains shared by the poster and the transcode. ffmpeg's CLI auto-rotates decoded frames by
// the stream's display matrix before these run, so everything here sees upright frames of the probe's
// (upright) width × height.
import type { VideoProbe } from './probe.ts'

/** The short side the served MP4 gets (720p), never enlarged. */
export const TARGET_SHORT_SIDE = 720
export const MAX_FPS = 60

/** Upright output size: the short side at most 720, the other in proportion, both even (yuv420p needs it). */
export function targetSize(probe: Pick<VideoProbe, 'width' | 'height'>): { width: number; height: number } {
  const short = Math.min(probe.width, probe.height)
  // Integer arithmetic and rounding down, so an odd side loses a pixel rather than gaining one.
  const fit = (n: number) => {
    const scaled = short > TARGET_SHORT_SIDE ? Math.floor((n * TARGET_SHORT_SIDE) / short) : n
    return Math.max(2, scaled - (scaled % 2))
  }
  return { width: fit(probe.width), height: fit(probe.height) }
}

// HDR → SDR. The npm static ffmpeg (4.1-era johnvansickle build) has libzimg's `zscale` and the `tonemap`
// filter (checked with `ffmpeg -filters`), so the usual chain runs: linearise the PQ/HLG signal (nominal peak
// 100 nits), convert BT.2020 primaries to BT.709 in float, Hable tone curve (keeps highlights from clipping
// to white, unlike `clip`/`linear`), then back to BT.709 gamma in limited range. `colorspace` cannot do this
// (it knows no PQ/HLG curve) and a LUT would need a file per transfer. A system ffmpeg without libzimg
// fails loudly on the first HDR clip rather than serving washed-out colours.
function toneMap(probe: Pick<VideoProbe, 'colorTransfer'>, size: string): string {
  const tin = probe.colorTransfer === 'smpte2084' ? 'smpte2084' : 'arib-std-b67'
  return [
    `zscale=${size}tin=${tin}:pin=bt2020:min=bt2020nc:t=linear:npl=100`,
    'format=gbrpf32le',
    'zscale=p=bt709',
    'tonemap=hable:desat=0',
    'zscale=t=bt709:m=bt709:r=tv',
  ].join(',')
}

/** Scale (and tone-map) to `size`, ending in `pixFmt`. */
export function videoFilter(probe: Pick<VideoProbe, 'hdr' | 'colorTransfer'>, size: { width: number; height: number }, pixFmt: string): string {
  if (probe.hdr) return `${toneMap(probe, `w=${size.width}:h=${size.height}:`)},format=${pixFmt}`
  return `scale=${size.width}:${size.height},setsar=1,format=${pixFmt}`
}
