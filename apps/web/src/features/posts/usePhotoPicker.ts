import type { Limits } from '@mosaic/validators'
import { useEffect, useRef, useState, type DragEvent } from 'react'
import { megabytes } from '../../lib/limits.ts'

export const ACCEPT = 'image/*,.heic,.heif'
export const ACCEPTED_KINDS = 'JPEG, PNG, GIF, WebP, AVIF or HEIC'

export type PickedPhoto = {
  key: string
  file: File
  /** an object URL for the preview, or null when the file is not an image at all */
  url: string | null
  /** the browser could not draw it (HEIC outside Safari, a damaged file) */
  previewFailed: boolean
  alt: string
  error: string | null
}

const mb = (bytes: number) => (bytes / 1_000_000).toFixed(bytes < 10_000_000 ? 1 : 0)
const isHeic = (f: File) => /\.(heic|heif)$/i.test(f.name) || /^image\/hei[cf]/.test(f.type)
const isSvg = (f: File) => f.type === 'image/svg+xml' || /\.svgz?$/i.test(f.name)

/** The checks the browser can make before a byte is sent; the server checks everything again. */
function problemWith(file: File, maxFileBytes: number): string | null {
  if (!file.type.startsWith('image/') && !isHeic(file)) return `This isn't a photo. Choose ${ACCEPTED_KINDS} images.`
  if (isSvg(file)) return `This is an SVG drawing; only photos (${ACCEPTED_KINDS}) can be shared.`
  if (file.size === 0) return 'This file is empty.'
  if (file.size > maxFileBytes) return `This photo is ${mb(file.size)} MB; each photo can be at most ${megabytes(maxFileBytes)} MB.`
  return null
}

let nextKey = 0

/**
 * The photos of a post being written: picked or dropped files with their previews, alt text,
 * order and per-file problems, at most `limits.filesPerPost` of them. Previews are object URLs,
 * which hold the file in memory until revoked: removing a photo or leaving the page revokes them.
 */
export function usePhotoPicker(
  limits: Pick<Limits, 'filesPerPost' | 'maxFileBytes'>,
  { disabled, onAdd }: { disabled: boolean; /** files were offered (some may not fit) */ onAdd?: () => void },
) {
  const [items, setItems] = useState<PickedPhoto[]>([])
  const [notice, setNotice] = useState<string | null>(null)
  const [dragging, setDragging] = useState(false)
  const itemsRef = useRef(items)
  const full = items.length >= limits.filesPerPost

  useEffect(() => {
    itemsRef.current = items
  }, [items])

  useEffect(() => () => {
    for (const item of itemsRef.current) if (item.url) URL.revokeObjectURL(item.url)
  }, [])

  /** Adds the files that fit, and says how many did not. */
  function add(list: FileList | File[]) {
    const files = [...list]
    if (files.length === 0) return
    const room = limits.filesPerPost - items.length
    const taken = files.slice(0, Math.max(0, room))
    const left = files.length - taken.length
    setNotice(
      left > 0
        ? `A post can have at most ${limits.filesPerPost} photos, so ${left === 1 ? '1 file was' : `${left} files were`} not added.`
        : null,
    )
    const added = taken.map((file): PickedPhoto => {
      const isImage = file.type.startsWith('image/') || isHeic(file)
      const error = problemWith(file, limits.maxFileBytes)
      return { key: `f${nextKey++}`, file, url: isImage ? URL.createObjectURL(file) : null, previewFailed: false, alt: '', error }
    })
    setItems((prev) => [...prev, ...added])
    onAdd?.()
  }

  function remove(key: string) {
    const item = items.find((i) => i.key === key)
    if (item?.url) URL.revokeObjectURL(item.url)
    setItems((prev) => prev.filter((i) => i.key !== key))
    setNotice(null)
  }

  function move(index: number, by: -1 | 1) {
    setItems((prev) => {
      const next = [...prev]
      const [item] = next.splice(index, 1)
      if (item) next.splice(index + by, 0, item)
      return next
    })
  }

  const update = (key: string, patch: Partial<PickedPhoto>) => setItems((prev) => prev.map((i) => (i.key === key ? { ...i, ...patch } : i)))

  /** Handlers for the area files may be dropped on (the whole page). */
  const dropTarget = {
    onDragEnter: (e: DragEvent) => {
      if (e.dataTransfer.types.includes('Files')) setDragging(true)
    },
    onDragOver: (e: DragEvent) => {
      e.preventDefault()
      e.dataTransfer.dropEffect = disabled || full ? 'none' : 'copy'
    },
    onDragLeave: (e: DragEvent) => {
      if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDragging(false)
    },
    onDrop: (e: DragEvent) => {
      e.preventDefault()
      setDragging(false)
      if (!disabled) add(e.dataTransfer.files)
    },
  }

  return { items, notice, dragging, full, add, remove, move, update, dropTarget }
}

export type PhotoPicker = ReturnType<typeof usePhotoPicker>
