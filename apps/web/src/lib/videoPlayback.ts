import { useSyncExternalStore } from 'react'

/*
 * What every video player on the page shares: whether sound is on (turned on for one clip, it
 * stays on for the next, as people expect from a feed), and which clip is playing, so that only
 * one plays at a time (the post modal's clip pauses the feed's behind it).
 */

let soundOn = false
const listeners = new Set<() => void>()
let playing: HTMLVideoElement | null = null

function subscribe(listener: () => void) {
  listeners.add(listener)
  return () => void listeners.delete(listener)
}

export function setSoundOn(on: boolean) {
  if (on === soundOn) return
  soundOn = on
  for (const listener of listeners) listener()
}

/** Whether clips play with sound, re-rendering when any player changes it. */
export function useSoundOn(): boolean {
  return useSyncExternalStore(subscribe, () => soundOn)
}

/** Plays this clip, pausing whichever other one was playing. A refused play (autoplay rules) leaves it paused. */
export function playOnly(video: HTMLVideoElement) {
  if (playing && playing !== video) playing.pause()
  playing = video
  video.play().catch((err: unknown) => {
    // Not allowed to play with sound before the person touched the page: play muted instead. (An
    // AbortError only means a pause came first, scrolled away: it stays paused.)
    if (!(err instanceof DOMException) || err.name !== 'NotAllowedError' || video.muted) return
    video.muted = true
    setSoundOn(false)
    video.play().catch(() => {})
  })
}

/** Pauses this clip (scrolled away, unmounted). */
export function pauseClip(video: HTMLVideoElement) {
  video.pause()
  if (playing === video) playing = null
}
