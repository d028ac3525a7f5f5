import { ChevronLeft, ChevronRight } from 'lucide-react'
import { useEffect, useRef, useState, type KeyboardEvent } from 'react'
import { MediaImage } from './MediaImage.tsx'
import type { Media } from './types.ts'
import { VideoPlayer } from './VideoPlayer.tsx'

type Props = {
  media: Media[]
  /** whose photos these are: asked again for fresh URLs when signed ones expire */
  postId?: string
  /** alt text for photos that have none */
  fallbackAlt: (index: number) => string
  /** the `sizes` attribute for the photos, matching the layout they sit in */
  sizes: string
  /** also react to ←/→ pressed anywhere on the page (the post page and the modal) */
  pageKeys?: boolean
  /**
   * How the first photo loads: 'high' fetched at once before anything else (the one the page is
   * about), 'eager' at once, 'lazy' when near the screen (cards below the fold). Others are lazy.
   */
  priority?: 'high' | 'eager' | 'lazy'
  className?: string
  /** the author's way to delete the post, offered on a clip that could not be processed */
  onDelete?: () => void
}

/** What the items are called: "photo", "video", or for a mix "item" ("Photos and videos" in all). */
function nounsOf(media: Media[]): { one: string; all: string } {
  const videos = media.filter((m) => m.kind === 'video').length
  if (videos === 0) return { one: 'photo', all: 'Photos' }
  if (videos === media.length) return { one: 'video', all: 'Videos' }
  return { one: 'item', all: 'Photos and videos' }
}

const isTyping = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))

const reducedMotion = () => window.matchMedia('(prefers-reduced-motion: reduce)').matches

/**
 * The photos and videos of a post, one at a time. A horizontal scroll-snap strip, so phones swipe it
 * natively; arrow buttons, dots and the keyboard move it a photo at a time. Each photo is drawn
 * whole ("contain") inside the frame, in a box of its own aspect ratio so the placeholder behind
 * it has the photo's exact shape.
 */
export function Carousel({ media, postId, fallbackAlt, sizes, pageKeys = false, priority = 'eager', className = '', onDelete }: Props) {
  const strip = useRef<HTMLDivElement>(null)
  const [index, setIndex] = useState(0)
  const count = media.length
  const many = count > 1
  const nouns = nounsOf(media)
  const One = nouns.one[0]!.toUpperCase() + nouns.one.slice(1)

  const go = (to: number) => {
    const el = strip.current
    if (!el) return
    const next = Math.max(0, Math.min(count - 1, to))
    el.scrollTo({ left: next * el.clientWidth, behavior: reducedMotion() ? 'auto' : 'smooth' })
    setIndex(next)
  }
  const goRef = useRef(go)
  useEffect(() => {
    goRef.current = go
  })

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
      e.preventDefault()
      go(index + (e.key === 'ArrowLeft' ? -1 : 1))
    }
  }

  useEffect(() => {
    if (!pageKeys || count < 2) return
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || isTyping(e.target)) return
      if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return
      const el = strip.current
      if (!el) return
      // Only the carousel that is on screen, and not behind another dialog.
      const top = document.querySelectorAll('dialog[open]')
      const topDialog = top[top.length - 1]
      if (topDialog && !topDialog.contains(el)) return
      e.preventDefault()
      const current = Math.round(el.scrollLeft / el.clientWidth)
      goRef.current(current + (e.key === 'ArrowLeft' ? -1 : 1))
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [pageKeys, count])

  return (
    <div
      role="region"
      aria-roledescription="carousel"
      aria-label={many ? `${nouns.all}, ${count} in all` : One}
      className={`group/carousel relative ${className}`}
    >
      <div
        ref={strip}
        tabIndex={many ? 0 : undefined}
        onKeyDown={many ? onKeyDown : undefined}
        onScroll={(e) => {
          const el = e.currentTarget
          if (el.clientWidth > 0) setIndex(Math.round(el.scrollLeft / el.clientWidth))
        }}
        className="flex size-full snap-x snap-mandatory overflow-x-auto overscroll-x-contain [scrollbar-width:none] focus-visible:outline-offset-[-4px] [&::-webkit-scrollbar]:hidden"
      >
        {media.map((m, i) => {
          const a = m.width / m.height
          // Drawn whole in a box of its own shape.
          const box = { width: `min(100cqw, calc(100cqh * ${a}))`, height: `min(100cqh, calc(100cqw / ${a}))` }
          return (
            <div
              key={m.id}
              role={many ? 'group' : undefined}
              aria-roledescription={many ? 'slide' : undefined}
              aria-label={many ? `${i + 1} of ${count}` : undefined}
              className="flex size-full shrink-0 snap-center snap-always items-center justify-center [container-type:size]"
            >
              {m.kind === 'video' ? (
                <VideoPlayer media={m} postId={postId} label={m.alt ?? fallbackAlt(i)} sizes={sizes} eager={i === 0 && priority !== 'lazy'} className="shrink-0" style={box} onDelete={onDelete} />
              ) : (
                <MediaImage
                  media={m}
                  postId={postId}
                  alt={m.alt ?? fallbackAlt(i)}
                  variant="responsive"
                  sizes={sizes}
                  eager={i === 0 && priority !== 'lazy'}
                  fetchPriority={i === 0 && priority === 'high' ? 'high' : undefined}
                  className="block max-w-none object-cover"
                  style={box}
                />
              )}
            </div>
          )
        })}
      </div>

      {many ? (
        <>
          <button
            type="button"
            aria-label={`Previous ${nouns.one}`}
            onClick={() => go(index - 1)}
            disabled={index === 0}
            className="absolute top-1/2 left-3 inline-flex size-8 -translate-y-1/2 items-center justify-center rounded-full bg-white/85 text-neutral-900 shadow-md transition-opacity hover:bg-white disabled:pointer-events-none disabled:opacity-0"
          >
            <ChevronLeft className="size-5" aria-hidden="true" />
          </button>
          <button
            type="button"
            aria-label={`Next ${nouns.one}`}
            onClick={() => go(index + 1)}
            disabled={index === count - 1}
            className="absolute top-1/2 right-3 inline-flex size-8 -translate-y-1/2 items-center justify-center rounded-full bg-white/85 text-neutral-900 shadow-md transition-opacity hover:bg-white disabled:pointer-events-none disabled:opacity-0"
          >
            <ChevronRight className="size-5" aria-hidden="true" />
          </button>
          {/* On a dark pill, so the dots show over a light photo or the light letterbox of phones. */}
          <div aria-hidden="true" className="pointer-events-none absolute inset-x-0 bottom-3 flex justify-center">
            <div className="flex gap-1 rounded-full bg-neutral-950/40 px-2 py-1.5 backdrop-blur-sm">
              {media.map((m, i) => (
                <span key={m.id} className={`size-1.5 rounded-full transition-colors ${i === index ? 'bg-white' : 'bg-white/50'}`} />
              ))}
            </div>
          </div>
          <p aria-live="polite" className="sr-only">
            {One} {index + 1} of {count}
          </p>
        </>
      ) : null}
    </div>
  )
}
