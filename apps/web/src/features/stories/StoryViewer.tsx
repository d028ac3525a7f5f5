import { useEffect, useRef, useState, type PointerEvent } from 'react'
import { useSession } from '../../lib/session.ts'
import { trpc } from '../../lib/trpc.ts'
import { setSoundOn, useSoundOn } from '../../lib/videoPlayback.ts'
import { clipMsOf, StoryMedia } from './StoryMedia.tsx'
import { OwnerBar, StoryHeader, StoryProgress } from './StoryParts.tsx'
import type { StoryEntry } from './types.ts'

/** A press longer than this pauses (hold) instead of moving on (tap). */
const HOLD_MS = 220
/** A drag down this far closes the viewer. */
const SWIPE_CLOSE_PX = 90

type Position = { entry: number; story: number }

/** Where an account's stories start: its first unseen one, or the first. */
const startOf = (entry: StoryEntry | undefined) => Math.max(0, entry?.stories.findIndex((s) => !s.seen) ?? 0)

/**
 * Full-screen stories: one progress bar per story, 5 s a photo and a clip's own length, tap (or arrow keys) left and right,
 * hold to pause, swipe down or Escape to close; at the end of an account's stories it moves on to
 * the next account's. Each story is marked seen as it shows.
 */
export function StoryViewer({ entries: initial, startAt, onClose }: { entries: StoryEntry[]; startAt: number; onClose: () => void }) {
  const { viewer } = useSession()
  const [entries, setEntries] = useState(initial)
  const [pos, setPos] = useState<Position>({ entry: startAt, story: startOf(initial[startAt]) })
  const [held, setHeld] = useState(false)
  const [overlay, setOverlay] = useState(false)
  // The timer starts once the photo is there: by story id, so a cached photo that loads at once counts.
  const [loadedId, setLoadedId] = useState<string | null>(null)
  // A clip waiting for data stops its story's time; by story id, as above.
  const [stalledId, setStalledId] = useState<string | null>(null)
  const soundOn = useSoundOn()
  // The bar's end and the clip's end may come in the same frame: the story moves on once.
  const movedFrom = useRef<string | null>(null)
  const [drag, setDrag] = useState(0)
  const press = useRef<{ x: number; y: number; timer: number; held: boolean } | null>(null)
  const dialog = useRef<HTMLDialogElement>(null)
  const marked = useRef(new Set<string>())
  const markSeen = trpc.story.markSeen.useMutation()

  const entry = entries[pos.entry]
  const story = entry?.stories[pos.story]
  const own = entry !== undefined && entry.user.id === viewer?.id

  useEffect(() => {
    movedFrom.current = null
  }, [story?.id])

  useEffect(() => {
    const d = dialog.current
    if (!d || d.open) return
    d.showModal()
    // Keys go to the viewer itself, not to the first link in its header.
    d.focus()
  }, [])

  useEffect(() => {
    if (!story || story.seen || marked.current.has(story.id)) return
    marked.current.add(story.id)
    // Marked once per story, by id, however often this renders.
    markSeen.mutate({ id: story.id })
  }, [story, markSeen])

  // The last story was deleted: nothing is left to show.
  const empty = !entry || !story
  useEffect(() => {
    if (empty) onClose()
  }, [empty, onClose])
  if (!entry || !story) return null

  function next() {
    if (!entry) return
    if (pos.story + 1 < entry.stories.length) return setPos({ entry: pos.entry, story: pos.story + 1 })
    if (pos.entry + 1 < entries.length) return setPos({ entry: pos.entry + 1, story: startOf(entries[pos.entry + 1]) })
    onClose()
  }
  function previous() {
    if (pos.story > 0) return setPos({ entry: pos.entry, story: pos.story - 1 })
    if (pos.entry > 0) setPos({ entry: pos.entry - 1, story: Math.max(0, (entries[pos.entry - 1]?.stories.length ?? 1) - 1) })
  }
  function deleted() {
    if (!entry || !story) return
    const rest = entry.stories.filter((s) => s.id !== story.id)
    setOverlay(false)
    if (rest.length === 0) {
      const left = entries.filter((_, i) => i !== pos.entry)
      setEntries(left)
      setPos({ entry: pos.entry, story: startOf(left[pos.entry]) })
    } else {
      setEntries(entries.map((e, i) => (i === pos.entry ? { ...e, stories: rest } : e)))
      setPos({ entry: pos.entry, story: Math.min(pos.story, rest.length - 1) })
    }
  }

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0) return
    e.currentTarget.setPointerCapture(e.pointerId)
    const timer = window.setTimeout(() => {
      if (press.current) press.current.held = true
      setHeld(true)
    }, HOLD_MS)
    press.current = { x: e.clientX, y: e.clientY, timer, held: false }
  }
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    if (press.current) setDrag(Math.max(0, e.clientY - press.current.y))
  }
  const onPointerUp = (e: PointerEvent<HTMLDivElement>) => {
    const p = press.current
    press.current = null
    setDrag(0)
    setHeld(false)
    if (!p) return
    window.clearTimeout(p.timer)
    if (e.clientY - p.y > SWIPE_CLOSE_PX) return onClose()
    if (p.held || Math.abs(e.clientX - p.x) > 30) return
    const box = e.currentTarget.getBoundingClientRect()
    if (e.clientX - box.left < box.width / 3) previous()
    else next()
  }
  const onPointerCancel = () => {
    if (press.current) window.clearTimeout(press.current.timer)
    press.current = null
    setDrag(0)
    setHeld(false)
  }

  const running = loadedId === story.id && stalledId !== story.id && !held && !overlay
  const clipMs = clipMsOf(story)
  const finish = () => {
    if (!story || movedFrom.current === story.id) return
    movedFrom.current = story.id
    next()
  }
  return (
    <dialog
      ref={dialog}
      tabIndex={-1}
      aria-label={`Stories by ${entry.user.username}`}
      onClose={onClose}
      onKeyDown={(e) => {
        if (overlay) return
        if (e.key === 'ArrowRight') next()
        else if (e.key === 'ArrowLeft') previous()
        else if (e.key === ' ' && e.target === e.currentTarget) setHeld((h) => !h)
        else return
        e.preventDefault()
      }}
      className="m-0 h-dvh max-h-none w-screen max-w-none bg-neutral-950 p-0 outline-none backdrop:bg-neutral-950"
    >
      <div className="flex h-full items-center justify-center" style={{ transform: drag ? `translateY(${drag}px)` : undefined, opacity: drag ? 1 - drag / 600 : 1 }}>
        <section className="relative flex h-full w-full max-w-[calc(100dvh*9/16)] flex-col overflow-hidden bg-black md:my-4 md:h-[calc(100%-2rem)] md:rounded-xl">
          <div className="absolute inset-x-0 top-0 z-10 bg-gradient-to-b from-black/60 to-transparent px-3 pb-6 pt-3">
            <StoryProgress count={entry.stories.length} current={pos.story} storyKey={story.id} running={running} durationMs={clipMs ?? undefined} onDone={finish} />
            <StoryHeader
              entry={entry}
              story={story}
              onClose={onClose}
              paused={held}
              sound={clipMs !== null ? { on: soundOn, toggle: () => setSoundOn(!soundOn) } : undefined}
            />
          </div>
          <div
            className="relative min-h-0 flex-1 touch-none select-none"
            onPointerDown={onPointerDown}
            onPointerMove={onPointerMove}
            onPointerUp={onPointerUp}
            onPointerCancel={onPointerCancel}
            onContextMenu={(e) => e.preventDefault()}
            data-testid="story-stage"
          >
            <StoryMedia
              key={story.id}
              story={story}
              alt={story.caption || `Story by ${entry.user.username}`}
              running={running}
              onReady={() => setLoadedId(story.id)}
              onEnded={finish}
              onStall={(stalled) => setStalledId(stalled ? story.id : null)}
            />
            {story.caption ? (
              <p className="absolute inset-x-0 bottom-0 bg-gradient-to-t from-black/70 to-transparent px-4 pb-4 pt-10 text-center text-base text-white">{story.caption}</p>
            ) : null}
          </div>
          {own ? <OwnerBar key={story.id} story={story} onListOpen={setOverlay} onDeleted={deleted} /> : null}
        </section>
      </div>
    </dialog>
  )
}
