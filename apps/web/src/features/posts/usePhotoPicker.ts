import type { Limits } from '@mosaic/validators'
import { useEffect, useMemo, useRef, useState, type DragEvent } from 'react'
import { isVideoFile as isVideo, readClipDuration, VIDEO_ACCEPT } from '../../lib/clipDuration.ts'
import { clipLength } from '../../lib/format.ts'
import { megabytes } from '../../lib/limits.ts'

export const ACCEPT = `image/*,.heic,.heif,${VIDEO_ACCEPT}`
export const ACCEPTED_KINDS = 'JPEG, PNG, GIF, WebP, AVIF or HEIC'
export const ACCEPTED_VIDEO_KINDS = 'MP4, MOV or WebM'

export type PickerLimits = Pick<Limits, 'filesPerPost' | 'maxFileBytes' | 'maxMegapixels' | 'videosPerPost' | 'maxVideoBytes' | 'videoMaxSeconds'>

export type PickedPhoto = {
  key: string
  file: File
  kind: 'image' | 'video'
  /** an object URL for the preview, or null when the file is not an image or a video at all */
  url: string | null
  /** the browser could not draw it (HEIC outside Safari, HEVC in most browsers, a damaged file) */
  previewFailed: boolean
  /** a video's length, once the browser has read it (null when it cannot tell) */
  durationMs: number | null
  alt: string
  error: string | null
}

const mb = (bytes: number) => (bytes / 1_000_000).toFixed(bytes < 10_000_000 ? 1 : 0)
const isHeic = (f: File) => /\.(heic|heif)$/i.test(f.name) || /^image\/hei[cf]/.test(f.type)
const isSvg = (f: File) => f.type === 'image/svg+xml' || /\.svgz?$/i.test(f.name)
const isAcceptedVideo = (f: File) => /^video\/(mp4|quicktime|webm)$/.test(f.type) || (!f.type && /\.(mp4|m4v|mov|webm)$/i.test(f.name))

/** The checks the browser can make before a byte is sent; the server checks everything again. */
function problemWith(file: File, limits: PickerLimits): string | null {
  if (isVideo(file)) {
    if (!isAcceptedVideo(file)) return `This video format can't be shared. Choose ${ACCEPTED_VIDEO_KINDS} videos.`
    if (file.size === 0) return 'This file is empty.'
    if (file.size > limits.maxVideoBytes) return `This video is ${mb(file.size)} MB; each video can be at most ${megabytes(limits.maxVideoBytes)} MB.`
    return null
  }
  if (!file.type.startsWith('image/') && !isHeic(file)) return `This isn't a photo or a video. Choose ${ACCEPTED_KINDS} photos or ${ACCEPTED_VIDEO_KINDS} videos.`
  if (isSvg(file)) return `This is an SVG drawing; only photos (${ACCEPTED_KINDS}) can be shared.`
  if (file.size === 0) return 'This file is empty.'
  if (file.size > limits.maxFileBytes) return `This photo is ${mb(file.size)} MB; each photo can be at most ${megabytes(limits.maxFileBytes)} MB.`
  return null
}

/** A clip longer than the limit, in words; null when it fits or its length is unknown. */
function lengthProblem(durationMs: number | null, maxSeconds: number): string | null {
  if (durationMs === null || durationMs <= maxSeconds * 1000) return null
  const seconds = Math.ceil(durationMs / 100) / 10
  const length = seconds < 600 ? `${seconds} seconds` : clipLength(durationMs)
  return `This video is ${length} long; each video can be at most ${maxSeconds} seconds.`
}

/** A photo with more pixels than the server decodes, from its preview's size; null when it fits. */
export function pixelProblem(width: number, height: number, maxMegapixels: number): string | null {
  const megapixels = (width * height) / 1e6
  if (megapixels <= maxMegapixels) return null
  return `This photo is ${width} × ${height} (${Math.round(megapixels)} megapixels); each photo can be at most ${maxMegapixels} megapixel${maxMegapixels === 1 ? '' : 's'}.`
}

let nextKey = 0

/**
 * The photos and videos of a post being written: picked or dropped files with their previews,
 * alt text, order and per-file problems, at most `limits.filesPerPost` of them and
 * `limits.videosPerPost` videos. Previews are object URLs, which hold the file in memory until
 * revoked: removing a file or leaving the page revokes them.
 */
export function usePhotoPicker(
  limits: PickerLimits,
  { disabled, onAdd }: { disabled: boolean; /** files were offered (some may not fit) */ onAdd?: () => void },
) {
  const [picked, setItems] = useState<PickedPhoto[]>([])
  const [notice, setNotice] = useState<string | null>(null)
  const [dragging, setDragging] = useState(false)
  const itemsRef = useRef(picked)
  const full = picked.length >= limits.filesPerPost
  const { videosPerPost } = limits

  useEffect(() => {
    itemsRef.current = picked
  }, [picked])

  useEffect(() => () => {
    for (const item of itemsRef.current) if (item.url) URL.revokeObjectURL(item.url)
  }, [])

  // Videos past the per-post cap are marked, in order: removing one lets the next one through.
  // Memoised: the form derives its photos' position from this list, so it must be the same list until it changes.
  const items = useMemo(() => {
    let videos = 0
    return picked.map((item) => {
      if (item.kind !== 'video' || item.error) return item
      if (++videos <= videosPerPost) return item
      const error = videosPerPost === 0 ? 'Videos can’t be shared here; choose photos.' : `A post can have at most ${videosPerPost} ${videosPerPost === 1 ? 'video' : 'videos'}.`
      return { ...item, error }
    })
  }, [picked, videosPerPost])

  /** Adds the files that fit, and says how many did not. */
  function add(list: FileList | File[]) {
    const files = [...list]
    if (files.length === 0) return
    const room = limits.filesPerPost - picked.length
    const taken = files.slice(0, Math.max(0, room))
    const left = files.length - taken.length
    const what = files.some(isVideo) ? 'photos and videos' : 'photos'
    setNotice(
      left > 0 ? `A post can have at most ${limits.filesPerPost} ${what}, so ${left === 1 ? '1 file was' : `${left} files were`} not added.` : null,
    )
    const added = taken.map((file): PickedPhoto => {
      const kind = isVideo(file) ? 'video' : 'image'
      const previewable = kind === 'video' ? isAcceptedVideo(file) : file.type.startsWith('image/') || isHeic(file)
      const error = problemWith(file, limits)
      return { key: `f${nextKey++}`, file, kind, url: previewable ? URL.createObjectURL(file) : null, previewFailed: false, durationMs: null, alt: '', error }
    })
    setItems((prev) => [...prev, ...added])
    for (const item of added) {
      if (item.kind !== 'video' || !item.url || item.error) continue
      void readClipDuration(item.url).then((durationMs) =>
        setItems((prev) => prev.map((i) => (i.key === item.key ? { ...i, durationMs, error: i.error ?? lengthProblem(durationMs, limits.videoMaxSeconds) } : i))),
      )
    }
    onAdd?.()
  }

  function remove(key: string) {
    const item = picked.find((i) => i.key === key)
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
  /** The browser decoded a photo's preview: now its pixel count is known too. */
  const previewed = (key: string, width: number, height: number) =>
    setItems((prev) => prev.map((i) => (i.key === key && i.kind === 'image' ? { ...i, error: i.error ?? pixelProblem(width, height, limits.maxMegapixels) } : i)))

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

  return { items, notice, dragging, full, add, remove, move, update, previewed, dropTarget }
}

export type PhotoPicker = ReturnType<typeof usePhotoPicker>
