import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react'

/** A square in the upright photo, in its own pixels: what user.setAvatar's `crop` field takes. */
export type Crop = { x: number; y: number; size: number }

const VIEW = 240 // px: the square window the photo is dragged under
const MAX_ZOOM = 4
const STEP = 10 // px an arrow key moves the photo
const MOVES: Record<string, [number, number]> = { ArrowLeft: [STEP, 0], ArrowRight: [-STEP, 0], ArrowUp: [0, STEP], ArrowDown: [0, -STEP] }

type View = { natural: { width: number; height: number }; zoom: number; left: number; top: number }

const scaleOf = (v: View) => (VIEW / Math.min(v.natural.width, v.natural.height)) * v.zoom
const clamp = (n: number, min: number, max: number) => Math.min(max, Math.max(min, n))

/** Keeps the photo covering the window: no gap may show at any edge. */
function fit(v: View): View {
  const s = scaleOf(v)
  return { ...v, left: clamp(v.left, VIEW - v.natural.width * s, 0), top: clamp(v.top, VIEW - v.natural.height * s, 0) }
}

/** The window's square in the photo's pixels, whole and inside it (the server refuses anything else). */
function cropOf(v: View): Crop {
  const s = scaleOf(v)
  const size = clamp(Math.round(VIEW / s), 1, Math.min(v.natural.width, v.natural.height))
  return {
    x: clamp(Math.round(-v.left / s), 0, v.natural.width - size),
    y: clamp(Math.round(-v.top / s), 0, v.natural.height - size),
    size,
  }
}

/**
 * A round preview of the new profile picture: drag (or use the arrow keys) to position the photo,
 * the slider to zoom. Reports the crop whenever it changes; `onUnreadable` when the browser cannot
 * show the file (HEIC on most browsers), where the server's centred crop is all there is.
 */
export function AvatarCropper({ src, onCrop, onUnreadable }: { src: string; onCrop: (crop: Crop) => void; onUnreadable: () => void }) {
  const [view, setView] = useState<View | null>(null)
  const drag = useRef<{ x: number; y: number } | null>(null)

  useEffect(() => {
    if (view) onCrop(cropOf(view))
  }, [view, onCrop])

  const update = (change: (v: View) => View) => setView((v) => (v ? fit(change(v)) : v))

  function zoomTo(zoom: number) {
    update((v) => {
      // Zoom about the window's centre, so the face in the middle stays there.
      const s = scaleOf(v)
      const next = { ...v, zoom }
      const ratio = scaleOf(next) / s
      return { ...next, left: VIEW / 2 - (VIEW / 2 - v.left) * ratio, top: VIEW / 2 - (VIEW / 2 - v.top) * ratio }
    })
  }

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    e.currentTarget.setPointerCapture(e.pointerId)
    drag.current = { x: e.clientX, y: e.clientY }
  }
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    const from = drag.current
    if (!from) return
    drag.current = { x: e.clientX, y: e.clientY }
    update((v) => ({ ...v, left: v.left + e.clientX - from.x, top: v.top + e.clientY - from.y }))
  }
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const move = MOVES[e.key]
    if (!move) return
    e.preventDefault()
    update((v) => ({ ...v, left: v.left + move[0], top: v.top + move[1] }))
  }

  const s = view ? scaleOf(view) : 0
  return (
    <div className="flex flex-col items-center gap-3">
      <div
        role="group"
        aria-label="Photo position: drag or use the arrow keys"
        tabIndex={0}
        className="relative touch-none cursor-grab overflow-hidden rounded-full bg-neutral-100 outline-offset-4 active:cursor-grabbing"
        style={{ width: VIEW, height: VIEW }}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={() => (drag.current = null)}
        onPointerCancel={() => (drag.current = null)}
        onKeyDown={onKeyDown}
      >
        <img
          src={src}
          alt="New profile picture preview"
          draggable={false}
          className="absolute max-w-none select-none"
          style={view ? { left: view.left, top: view.top, width: view.natural.width * s, height: view.natural.height * s } : { visibility: 'hidden' }}
          onLoad={(e) => {
            // naturalWidth/Height are upright (browsers apply EXIF orientation), as the server's crop is.
            const natural = { width: e.currentTarget.naturalWidth, height: e.currentTarget.naturalHeight }
            const cover = VIEW / Math.min(natural.width, natural.height)
            setView({ natural, zoom: 1, left: (VIEW - natural.width * cover) / 2, top: (VIEW - natural.height * cover) / 2 })
          }}
          onError={onUnreadable}
        />
      </div>
      <label className="flex w-full max-w-60 items-center gap-3 text-sm text-neutral-600">
        Zoom
        <input
          type="range"
          min={1}
          max={MAX_ZOOM}
          step={0.01}
          value={view?.zoom ?? 1}
          disabled={!view}
          onChange={(e) => zoomTo(Number(e.target.value))}
          className="flex-1 accent-accent-600"
        />
      </label>
    </div>
  )
}
