import { captionSchema, locationSchema, MAX_FILES_PER_POST } from '@mosaic/validators'
import { ChevronLeft, ChevronRight, FileImage, ImagePlus, Plus, X } from 'lucide-react'
import { useEffect, useId, useRef, useState, type DragEvent, type FormEvent } from 'react'
import { useNavigate } from 'react-router'
import { Button } from '../../components/Button.tsx'
import { PageHeading } from '../../components/PageHeading.tsx'
import { FormAlert, TextField } from '../../components/TextField.tsx'
import { trpc } from '../../lib/trpc.ts'
import { CaptionField } from './CaptionField.tsx'
import { newIdempotencyKey, UploadError, uploadPostWithRetry } from './upload.ts'

/** The server's limit per file (MAX_UPLOAD_MB, 25 by default, in decimal megabytes). */
const MAX_FILE_BYTES = 25_000_000
const ACCEPT = 'image/*,.heic,.heif'
const ACCEPTED_KINDS = 'JPEG, PNG, GIF, WebP, AVIF or HEIC'

type Item = {
  key: string
  file: File
  /** an object URL for the preview, or null when the file is not an image at all */
  url: string | null
  /** the browser could not draw it (HEIC outside Safari, a damaged file) */
  previewFailed: boolean
  alt: string
  error: string | null
}

type Phase = { kind: 'idle' } | { kind: 'uploading'; percent: number } | { kind: 'processing' } | { kind: 'waiting' }

const mb = (bytes: number) => (bytes / 1_000_000).toFixed(bytes < 10_000_000 ? 1 : 0)
const isHeic = (f: File) => /\.(heic|heif)$/i.test(f.name) || /^image\/hei[cf]/.test(f.type)
const isSvg = (f: File) => f.type === 'image/svg+xml' || /\.svgz?$/i.test(f.name)

/** The checks the browser can make before a byte is sent; the server checks everything again. */
function problemWith(file: File): string | null {
  if (!file.type.startsWith('image/') && !isHeic(file)) return `This isn't a photo. Choose ${ACCEPTED_KINDS} images.`
  if (isSvg(file)) return `This is an SVG drawing; only photos (${ACCEPTED_KINDS}) can be shared.`
  if (file.size === 0) return 'This file is empty.'
  if (file.size > MAX_FILE_BYTES) return `This photo is ${mb(file.size)} MB; each photo can be at most 25 MB.`
  return null
}

/** The server names the file ("File 2 (beach.svg): …"); next to its preview, that part is redundant. */
const withoutFilePrefix = (message: string) => message.replace(/^File \d+ \([^)]*\):\s*/, '')

let nextKey = 0

export function NewPostPage() {
  const [items, setItems] = useState<Item[]>([])
  const [caption, setCaption] = useState('')
  const [location, setLocation] = useState('')
  const [errors, setErrors] = useState<{ caption?: string; location?: string; general?: string }>({})
  const [notice, setNotice] = useState<string | null>(null)
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' })
  const [dragging, setDragging] = useState(false)
  const inputRef = useRef<HTMLInputElement>(null)
  const formRef = useRef<HTMLFormElement>(null)
  const abortRef = useRef<AbortController | null>(null)
  const mounted = useRef(true)
  const itemsRef = useRef(items)
  const navigate = useNavigate()
  const utils = trpc.useUtils()
  const headingId = useId()
  const busy = phase.kind !== 'idle'

  useEffect(() => {
    itemsRef.current = items
  }, [items])

  // Object URLs hold the file in memory until revoked.
  useEffect(() => {
    mounted.current = true
    return () => {
      mounted.current = false
      for (const item of itemsRef.current) if (item.url) URL.revokeObjectURL(item.url)
    }
  }, [])

  function addFiles(list: FileList | File[]) {
    const files = [...list]
    if (files.length === 0) return
    const room = MAX_FILES_PER_POST - items.length
    const taken = files.slice(0, Math.max(0, room))
    const left = files.length - taken.length
    setNotice(
      left > 0
        ? `A post can have at most ${MAX_FILES_PER_POST} photos, so ${left === 1 ? '1 file was' : `${left} files were`} not added.`
        : null,
    )
    const added = taken.map((file): Item => {
      const error = problemWith(file)
      const isImage = file.type.startsWith('image/') || isHeic(file)
      return { key: `f${nextKey++}`, file, url: isImage ? URL.createObjectURL(file) : null, previewFailed: false, alt: '', error }
    })
    setItems((prev) => [...prev, ...added])
    setErrors((e) => ({ ...e, general: undefined }))
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

  const update = (key: string, patch: Partial<Item>) => setItems((prev) => prev.map((i) => (i.key === key ? { ...i, ...patch } : i)))

  function onDrop(e: DragEvent) {
    e.preventDefault()
    setDragging(false)
    if (!busy) addFiles(e.dataTransfer.files)
  }

  async function share(event: FormEvent) {
    event.preventDefault()
    if (busy) return
    const next: typeof errors = {}
    if (items.length === 0) next.general = 'Add at least one photo to share.'
    else if (items.some((i) => i.error)) next.general = 'Some photos can’t be shared. Remove the ones marked in red, then try again.'
    const checkedCaption = captionSchema.safeParse(caption)
    if (!checkedCaption.success) next.caption = checkedCaption.error.issues[0]?.message
    let locationJson: string | undefined
    if (location.trim()) {
      const checked = locationSchema.safeParse({ name: location })
      if (checked.success) locationJson = JSON.stringify({ name: checked.data.name })
      else next.location = checked.error.issues[0]?.message
    }
    setErrors(next)
    if (next.general || next.caption || next.location) {
      requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"], [data-problem] button')?.focus())
      return
    }

    const sent = items.map((i) => i.key)
    const form = new FormData()
    for (const item of items) {
      form.append('files', item.file, item.file.name)
      form.append('alt', item.alt.trim())
    }
    if (caption.trim()) form.append('caption', caption)
    if (locationJson) form.append('location', locationJson)

    const controller = new AbortController()
    abortRef.current = controller
    setPhase({ kind: 'uploading', percent: 0 })
    try {
      const post = await uploadPostWithRetry(form, {
        signal: controller.signal,
        // One key per Share: the automatic retries of this attempt reuse it, so they make one post.
        idempotencyKey: newIdempotencyKey(),
        onWaiting: () => setPhase({ kind: 'waiting' }),
        onProgress: (loaded, total) => setPhase({ kind: 'uploading', percent: Math.min(100, Math.floor((loaded / total) * 100)) }),
        onUploaded: () => setPhase({ kind: 'processing' }),
      })
      utils.post.byId.setData({ id: post.id }, post)
      void utils.post.byUser.invalidate({ username: post.author.username })
      void utils.user.byUsername.invalidate({ username: post.author.username })
      void utils.tag.posts.invalidate()
      // Latest starts with it; Top ranks it among the rest.
      void utils.feed.home.invalidate()
      if (mounted.current) void navigate(`/p/${post.id}`)
    } catch (err) {
      if (!mounted.current) return
      setPhase({ kind: 'idle' })
      if (err instanceof DOMException && err.name === 'AbortError') return
      const e = err instanceof UploadError ? err : new UploadError('Something went wrong. Please try again.')
      const key = e.fileIndex !== null ? sent[e.fileIndex] : undefined
      if (key) {
        update(key, { error: withoutFilePrefix(e.message) })
        setErrors({ general: `Photo ${(e.fileIndex ?? 0) + 1} can’t be shared. Remove it or choose another photo, then try again.` })
      } else if (e.field === 'caption') {
        setErrors({ caption: e.message })
      } else if (e.field === 'location') {
        setErrors({ location: e.message })
      } else if (e.code === 'UNAUTHORIZED') {
        setErrors({ general: 'Your session has ended. Sign in again, then share your post.' })
      } else {
        setErrors({ general: e.message })
      }
    } finally {
      abortRef.current = null
    }
  }

  const full = items.length >= MAX_FILES_PER_POST
  const pickFiles = () => inputRef.current?.click()

  return (
    <div
      className="mx-auto max-w-2xl"
      onDragEnter={(e) => {
        if (e.dataTransfer.types.includes('Files')) setDragging(true)
      }}
      onDragOver={(e) => {
        e.preventDefault()
        e.dataTransfer.dropEffect = busy || full ? 'none' : 'copy'
      }}
      onDragLeave={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDragging(false)
      }}
      onDrop={onDrop}
    >
      <title>New post • Mosaic</title>
      <PageHeading>
        <span id={headingId}>New post</span>
      </PageHeading>

      <form ref={formRef} onSubmit={share} noValidate aria-labelledby={headingId}>
        <fieldset disabled={busy} className="min-w-0 space-y-6">
          <input
            ref={inputRef}
            type="file"
            name="files"
            aria-label="Select photos"
            accept={ACCEPT}
            multiple
            tabIndex={-1}
            className="sr-only"
            onChange={(e) => {
              if (e.target.files) addFiles(e.target.files)
              e.target.value = ''
            }}
          />

          {items.length === 0 ? (
            <div
              className={`flex flex-col items-center rounded-2xl border-2 border-dashed px-6 py-14 text-center transition-colors ${
                dragging ? 'border-accent-500 bg-accent-50' : 'border-neutral-300 bg-neutral-50'
              }`}
            >
              <ImagePlus className="mb-4 size-14 text-neutral-800" strokeWidth={1.2} aria-hidden="true" />
              <p className="text-lg font-semibold">
                <span className="md:hidden">Add photos to your post</span>
                <span className="hidden md:inline">Drag photos here</span>
              </p>
              <p className="mt-1 mb-5 max-w-sm text-sm text-neutral-600">
                Up to {MAX_FILES_PER_POST} photos in one post, 25 MB each. {ACCEPTED_KINDS}.
              </p>
              <Button onClick={pickFiles}>Select photos</Button>
            </div>
          ) : (
            <section aria-label="Photos" className={`rounded-2xl transition-colors ${dragging ? 'bg-accent-50 outline-2 outline-dashed outline-accent-500 outline-offset-4' : ''}`}>
              <div className="mb-3 flex items-center justify-between text-sm">
                <p className="text-neutral-600">
                  {items.length} of {MAX_FILES_PER_POST} photos{items.length > 1 ? ' · the first one is the cover' : ''}
                </p>
              </div>
              <ol className="grid grid-cols-2 gap-x-3 gap-y-5 sm:grid-cols-3">
                {items.map((item, index) => (
                  <PhotoTile
                    key={item.key}
                    item={item}
                    n={index + 1}
                    count={items.length}
                    onRemove={() => remove(item.key)}
                    onMove={(by) => move(index, by)}
                    onAlt={(alt) => update(item.key, { alt })}
                    onPreviewFailed={() => update(item.key, { previewFailed: true })}
                  />
                ))}
                {!full ? (
                  <li>
                    <button
                      type="button"
                      onClick={pickFiles}
                      className="flex aspect-square w-full flex-col items-center justify-center gap-2 rounded-xl border-2 border-dashed border-neutral-300 text-sm font-medium text-neutral-600 transition-colors hover:border-neutral-400 hover:bg-neutral-50 disabled:opacity-50"
                    >
                      <Plus className="size-7" strokeWidth={1.5} aria-hidden="true" />
                      Add photos
                    </button>
                  </li>
                ) : null}
              </ol>
            </section>
          )}
          {notice ? (
            <p role="status" className="rounded-lg border border-amber-200 bg-amber-50 px-3 py-2.5 text-sm text-amber-900">
              {notice}
            </p>
          ) : null}

          <CaptionField
            value={caption}
            onChange={(v) => {
              setCaption(v)
              if (errors.caption) setErrors((e) => ({ ...e, caption: undefined }))
            }}
            error={errors.caption}
            placeholder="Write a caption…"
          />

          <TextField
            label="Location"
            name="location"
            value={location}
            maxLength={100}
            placeholder="Add a place (optional)"
            autoComplete="off"
            error={errors.location}
            onChange={(e) => {
              setLocation(e.target.value)
              if (errors.location) setErrors((er) => ({ ...er, location: undefined }))
            }}
          />
        </fieldset>

        <div className="mt-6 space-y-4">
          <FormAlert message={errors.general ?? null} />
          {phase.kind !== 'idle' ? <UploadProgress phase={phase} /> : null}
          <div className="flex justify-end gap-2">
            {phase.kind === 'uploading' ? (
              <Button variant="ghost" onClick={() => abortRef.current?.abort()}>
                Cancel
              </Button>
            ) : null}
            <Button type="submit" pending={busy} className="min-w-28">
              Share
            </Button>
          </div>
        </div>
      </form>
    </div>
  )
}

type TileProps = {
  item: Item
  n: number
  count: number
  onRemove: () => void
  onMove: (by: -1 | 1) => void
  onAlt: (alt: string) => void
  onPreviewFailed: () => void
}

const tileButton =
  'inline-flex size-8 items-center justify-center rounded-full bg-neutral-900/70 text-white backdrop-blur transition-colors hover:bg-neutral-900 disabled:opacity-40'

function PhotoTile({ item, n, count, onRemove, onMove, onAlt, onPreviewFailed }: TileProps) {
  const altId = useId()
  const errorId = useId()
  const showPreview = item.url && !item.previewFailed
  return (
    <li className="min-w-0 space-y-2" data-problem={item.error ? '' : undefined}>
      <div
        className={`relative aspect-square overflow-hidden rounded-xl bg-neutral-100 ${item.error ? 'ring-2 ring-red-500 ring-offset-2' : ''}`}
      >
        {showPreview ? (
          <img
            src={item.url ?? undefined}
            alt={`Photo ${n}: ${item.file.name}`}
            onError={onPreviewFailed}
            className={`size-full object-cover ${item.error ? 'opacity-60' : ''}`}
          />
        ) : (
          <div className="flex size-full flex-col items-center justify-center gap-2 p-3 text-center">
            <FileImage className="size-8 text-neutral-500" strokeWidth={1.5} aria-hidden="true" />
            <span className="line-clamp-3 text-xs font-medium break-all text-neutral-700">{item.file.name}</span>
            {item.url && !item.error ? <span className="text-[0.6875rem] text-neutral-500">No preview in this browser</span> : null}
          </div>
        )}
        <span className="absolute top-2 left-2 inline-flex h-6 min-w-6 items-center justify-center rounded-full bg-neutral-900/70 px-1.5 text-xs font-semibold text-white">
          {n}
        </span>
        <button type="button" onClick={onRemove} aria-label={`Remove photo ${n}`} className={`${tileButton} absolute top-2 right-2`}>
          <X className="size-4" aria-hidden="true" />
        </button>
        {count > 1 ? (
          <div className="absolute inset-x-2 bottom-2 flex justify-between">
            <button type="button" onClick={() => onMove(-1)} disabled={n === 1} aria-label={`Move photo ${n} earlier`} className={tileButton}>
              <ChevronLeft className="size-4" aria-hidden="true" />
            </button>
            <button type="button" onClick={() => onMove(1)} disabled={n === count} aria-label={`Move photo ${n} later`} className={tileButton}>
              <ChevronRight className="size-4" aria-hidden="true" />
            </button>
          </div>
        ) : null}
      </div>
      {item.error ? (
        <p id={errorId} role="alert" className="text-xs font-medium text-red-600">
          {item.error}
        </p>
      ) : null}
      <div>
        <label htmlFor={altId} className="mb-1 block text-xs font-medium text-neutral-700">
          Alt text<span className="sr-only"> for photo {n}</span>
        </label>
        <input
          id={altId}
          value={item.alt}
          onChange={(e) => onAlt(e.target.value)}
          maxLength={1000}
          placeholder="Describe this photo"
          aria-describedby={item.error ? errorId : undefined}
          className="block h-9 w-full rounded-lg border border-neutral-300 bg-neutral-50 px-2.5 text-sm placeholder:text-neutral-400 focus:bg-white focus:outline-2 focus:-outline-offset-1 focus:outline-accent-500"
        />
      </div>
    </li>
  )
}

function UploadProgress({ phase }: { phase: Exclude<Phase, { kind: 'idle' }> }) {
  const labelId = useId()
  const uploading = phase.kind === 'uploading'
  const waiting = phase.kind === 'waiting'
  return (
    <div className="space-y-1.5">
      <div className="flex items-center justify-between text-sm">
        <span id={labelId} className="font-medium text-neutral-800">
          {uploading ? 'Uploading photos…' : waiting ? 'Mosaic is busy, waiting…' : 'Processing…'}
        </span>
        {uploading ? <span className="tabular-nums text-neutral-600">{phase.percent}%</span> : null}
      </div>
      <div
        role="progressbar"
        aria-labelledby={labelId}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={uploading ? phase.percent : undefined}
        aria-valuetext={uploading ? `${phase.percent}% uploaded` : waiting ? 'Waiting to retry the upload' : 'Processing your photos'}
        className="h-2 overflow-hidden rounded-full bg-neutral-200"
      >
        <div
          className={`h-full rounded-full bg-accent-600 ${uploading ? 'transition-[width] duration-200' : 'w-full animate-pulse'}`}
          style={uploading ? { width: `${phase.percent}%` } : undefined}
        />
      </div>
    </div>
  )
}
