import { AlertCircle, Volume2, VolumeX } from 'lucide-react'
import { useEffect, useRef, type CSSProperties, type ReactNode } from 'react'
import { Spinner } from '../../components/Spinner.tsx'
import { placeholderUrl } from '../../lib/placeholder.ts'
import { pauseClip, playOnly, setSoundOn, useSoundOn } from '../../lib/videoPlayback.ts'
import { MediaImage } from './MediaImage.tsx'
import type { Media } from './types.ts'
import { useFreshMedia } from './useFreshMedia.ts'
import { useUntilProcessed } from './useUntilProcessed.ts'

/** How much of a clip must be on screen for it to play: "most of it", as people scroll a feed. */
const VISIBLE_TO_PLAY = 0.6

type Props = {
  media: Media
  /** the post the clip belongs to: asked again for fresh URLs, and while the clip is processed */
  postId?: string
  /** what the clip shows, for screen readers */
  label: string
  /** the `sizes` attribute for the poster, matching the layout it sits in */
  sizes: string
  eager?: boolean
  className?: string
  style?: CSSProperties
  /** the author's way to delete the post, offered when the clip could not be processed */
  onDelete?: () => void
}

/**
 * A post's video: the poster (its thumbhash, then the large rendition) until the clip plays;
 * it plays muted and looping while most of it is on screen and pauses when scrolled away; a tap
 * or the speaker button turns the sound on or off; a thin bar shows how far it has got. Until
 * the clip is transcoded (only its author sees it then) the poster says so.
 */
export function VideoPlayer({ media: given, postId, label, sizes, eager = false, className = '', style, onDelete }: Props) {
  const { media, refresh } = useFreshMedia(given, postId)
  useUntilProcessed(media, postId)
  // Only a transcoded clip has a video URL; before that (or when it failed) the poster stands alone.
  const src = media.urls.video

  return (
    <div className={`relative overflow-hidden bg-neutral-950 ${className}`} style={style}>
      {src ? (
        <Clip media={media} src={src} label={label} onError={refresh} />
      ) : (
        <MediaImage media={media} postId={postId} alt={label} variant="responsive" sizes={sizes} eager={eager} className="size-full object-cover" />
      )}
      {media.state === 'processing' ? (
        <Notice>
          <Spinner className="size-6" />
          <p className="text-sm font-semibold">Processing video…</p>
          <p className="text-xs text-white/85">Only you can see this post until it is ready.</p>
        </Notice>
      ) : media.state === 'failed' ? (
        <Notice>
          <AlertCircle className="size-7" aria-hidden="true" />
          <p className="text-sm font-semibold">This video could not be processed</p>
          {onDelete ? (
            <button
              type="button"
              onClick={onDelete}
              className="mt-1 rounded-lg bg-white px-3 py-1.5 text-sm font-semibold text-red-600 shadow-sm hover:bg-neutral-100"
            >
              Delete post
            </button>
          ) : null}
        </Notice>
      ) : null}
    </div>
  )
}

/** A message over the poster, on a dark veil so it reads over any frame. */
function Notice({ children }: { children: ReactNode }) {
  return (
    <div role="status" className="absolute inset-0 flex flex-col items-center justify-center gap-1.5 bg-black/55 p-4 text-center text-white">
      {children}
    </div>
  )
}

function Clip({ media, src, label, onError }: { media: Media; src: string; label: string; onError: () => void }) {
  const video = useRef<HTMLVideoElement>(null)
  const bar = useRef<HTMLDivElement>(null)
  const frame = useRef(0)
  const soundOn = useSoundOn()
  const placeholder = placeholderUrl(media.placeholder)

  // Plays while most of it is visible, in the page or in a carousel's strip (which clips it).
  useEffect(() => {
    const el = video.current
    if (!el) return
    const observer = new IntersectionObserver(
      ([entry]) => {
        if (entry && entry.intersectionRatio >= VISIBLE_TO_PLAY) playOnly(el)
        else pauseClip(el)
      },
      { threshold: [0, VISIBLE_TO_PLAY] },
    )
    observer.observe(el)
    return () => {
      observer.disconnect()
      pauseClip(el)
      cancelAnimationFrame(frame.current)
    }
  }, [])

  // React sets `muted` only as the initial attribute; the property follows the shared choice.
  useEffect(() => {
    if (video.current) video.current.muted = !soundOn
  }, [soundOn])

  // The progress bar is drawn every frame while playing, straight onto the element (no re-render).
  const draw = () => {
    const el = video.current
    if (el && bar.current && el.duration > 0) bar.current.style.transform = `scaleX(${el.currentTime / el.duration})`
    frame.current = requestAnimationFrame(draw)
  }
  const toggleSound = () => setSoundOn(!soundOn)

  return (
    <>
      <video
        ref={video}
        src={src}
        poster={media.urls.large}
        aria-label={label}
        muted
        loop
        playsInline
        preload="metadata"
        disablePictureInPicture
        onClick={toggleSound}
        onPlaying={() => {
          cancelAnimationFrame(frame.current)
          frame.current = requestAnimationFrame(draw)
        }}
        onPause={() => cancelAnimationFrame(frame.current)}
        onError={onError}
        className="size-full cursor-pointer bg-cover bg-center object-cover"
        // The thumbhash shows until the poster has loaded over it.
        style={{ backgroundImage: placeholder ? `url(${placeholder})` : undefined }}
      />
      <div aria-hidden="true" className="pointer-events-none absolute inset-x-0 bottom-0 h-0.5 bg-white/30">
        <div ref={bar} className="h-full origin-left bg-[#fff]" style={{ transform: 'scaleX(0)' }} />
      </div>
      <button
        type="button"
        onClick={toggleSound}
        aria-label={soundOn ? 'Turn sound off' : 'Turn sound on'}
        className="absolute right-3 bottom-3 inline-flex size-8 items-center justify-center rounded-full bg-black/70 text-white backdrop-blur transition-colors hover:bg-black"
      >
        {soundOn ? <Volume2 className="size-4" aria-hidden="true" /> : <VolumeX className="size-4" aria-hidden="true" />}
      </button>
    </>
  )
}
