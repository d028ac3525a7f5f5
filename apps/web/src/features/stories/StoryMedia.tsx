import { useEffect, useRef } from 'react'
import { placeholderUrl } from '../../lib/placeholder.ts'
import { pauseClip, playOnly, useSoundOn } from '../../lib/videoPlayback.ts'
import type { Media } from '../posts/types.ts'
import type { Story } from './types.ts'

type Props = {
  story: Story
  alt: string
  /** the story's time is running (not held, no list open over it) */
  running: boolean
  /** the photo or the clip's first frame is there: the story's time may start */
  onReady: () => void
  /** the clip has played to its end */
  onEnded: () => void
  /** the clip is waiting for data (true) or playing again (false): its time stops meanwhile */
  onStall: (stalled: boolean) => void
}

/** A story's photo, or its clip, which plays while the story's time runs (sound as the speaker button says). */
export function StoryMedia({ story, alt, running, onReady, onEnded, onStall }: Props) {
  // Read as a post's Media: a story's photo or clip, with its kind, state and video URL.
  const media: Media = story.media
  const clip = media.kind === 'video' ? media.urls.video : undefined
  const video = useRef<HTMLVideoElement>(null)
  const soundOn = useSoundOn()
  const placeholder = placeholderUrl(media.placeholder)
  const backdrop = placeholder ? { backgroundImage: `url(${placeholder})`, backgroundSize: 'contain', backgroundPosition: 'center', backgroundRepeat: 'no-repeat' } : undefined

  useEffect(() => {
    const el = video.current
    if (!el) return
    if (running) playOnly(el)
    else pauseClip(el)
  }, [running, clip])

  useEffect(() => {
    if (video.current) video.current.muted = !soundOn
  }, [soundOn])

  useEffect(() => {
    const el = video.current
    return () => {
      if (el) pauseClip(el)
    }
  }, [])

  if (clip) {
    return (
      <video
        ref={video}
        src={clip}
        poster={story.media.urls.story}
        aria-label={alt}
        muted
        playsInline
        preload="auto"
        disablePictureInPicture
        onLoadedData={onReady}
        onError={onReady}
        onEnded={onEnded}
        onWaiting={() => onStall(true)}
        onPlaying={() => onStall(false)}
        className="absolute inset-0 size-full object-contain"
        style={backdrop}
      />
    )
  }
  // Until its clip is transcoded (only its author sees the story then), the poster says so.
  const note = media.kind !== 'video' ? null : media.state === 'failed' ? 'This video could not be processed' : 'Processing video…'
  return (
    <>
      <img
        src={story.media.urls.story}
        alt={alt}
        draggable={false}
        onLoad={onReady}
        onError={onReady}
        className="absolute inset-0 size-full object-contain"
        style={backdrop}
      />
      {note ? (
        <p role="status" className="absolute inset-x-6 top-1/2 -translate-y-1/2 rounded-xl bg-black/60 px-4 py-3 text-center text-sm font-semibold text-white">
          {note}
        </p>
      ) : null}
    </>
  )
}

/** The clip's length for the progress bar, or null for a photo (which shows for the photo time). */
export function clipMsOf(story: Story): number | null {
  const media: Media = story.media
  return media.kind === 'video' && media.urls.video ? (media.durationMs ?? null) : null
}
