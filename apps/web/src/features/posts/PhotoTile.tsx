import { ChevronLeft, ChevronRight, FileImage, FileVideo, Play, X } from 'lucide-react'
import { useId } from 'react'
import { clipLength } from '../../lib/format.ts'
import { useLimits } from '../../lib/limits.ts'
import type { PickedPhoto } from './usePhotoPicker.ts'

type TileProps = {
  item: PickedPhoto
  n: number
  count: number
  onRemove: () => void
  onMove: (by: -1 | 1) => void
  onAlt: (alt: string) => void
  onPreviewFailed: () => void
  /** a photo's preview decoded, at its natural size */
  onPreviewLoaded?: (width: number, height: number) => void
}

const tileButton =
  'inline-flex size-8 items-center justify-center rounded-full bg-black/70 text-white backdrop-blur transition-colors hover:bg-black disabled:opacity-40'

/** One picked photo or video: its preview (a video's with its length), number, remove and move buttons, problem and alt text box. */
export function PhotoTile({ item, n, count, onRemove, onMove, onAlt, onPreviewFailed, onPreviewLoaded }: TileProps) {
  const { altLength } = useLimits()
  const altId = useId()
  const errorId = useId()
  const showPreview = item.url && !item.previewFailed
  const what = item.kind === 'video' ? 'video' : 'photo'
  const FileIcon = item.kind === 'video' ? FileVideo : FileImage
  return (
    <li className="min-w-0 space-y-2" data-problem={item.error ? '' : undefined}>
      <div
        className={`relative aspect-square overflow-hidden rounded-xl bg-neutral-100 ${item.error ? 'ring-2 ring-red-500 ring-offset-2' : ''}`}
      >
        {showPreview && item.kind === 'video' ? (
          // Muted and still: the first frame (#t seeks there, so Safari draws one too) stands for the clip.
          <video
            src={`${item.url}#t=0.1`}
            muted
            playsInline
            preload="metadata"
            aria-label={`Video ${n}: ${item.file.name}`}
            onError={onPreviewFailed}
            className={`size-full bg-neutral-950 object-cover ${item.error ? 'opacity-60' : ''}`}
          />
        ) : showPreview ? (
          <img
            src={item.url ?? undefined}
            alt={`Photo ${n}: ${item.file.name}`}
            onError={onPreviewFailed}
            onLoad={(e) => onPreviewLoaded?.(e.currentTarget.naturalWidth, e.currentTarget.naturalHeight)}
            className={`size-full object-cover ${item.error ? 'opacity-60' : ''}`}
          />
        ) : (
          <div className="flex size-full flex-col items-center justify-center gap-2 p-3 text-center">
            <FileIcon className="size-8 text-neutral-500" strokeWidth={1.5} aria-hidden="true" />
            <span className="line-clamp-3 text-xs font-medium break-all text-neutral-700">{item.file.name}</span>
            {item.url && !item.error ? <span className="text-[0.6875rem] text-neutral-500">No preview in this browser</span> : null}
          </div>
        )}
        <span className="absolute top-2 left-2 inline-flex h-6 min-w-6 items-center justify-center rounded-full bg-black/70 px-1.5 text-xs font-semibold text-white">
          {n}
        </span>
        {item.kind === 'video' && item.durationMs !== null ? (
          <span className="absolute bottom-2 left-1/2 inline-flex h-6 -translate-x-1/2 items-center gap-1 rounded-full bg-black/70 px-2 text-xs font-semibold text-white tabular-nums">
            <Play className="size-3 fill-white" aria-hidden="true" />
            <span className="sr-only">Length </span>
            {clipLength(item.durationMs)}
          </span>
        ) : null}
        <button type="button" onClick={onRemove} aria-label={`Remove ${what} ${n}`} className={`${tileButton} absolute top-2 right-2`}>
          <X className="size-4" aria-hidden="true" />
        </button>
        {count > 1 ? (
          <div className="absolute inset-x-2 bottom-2 flex justify-between">
            <button type="button" onClick={() => onMove(-1)} disabled={n === 1} aria-label={`Move ${what} ${n} earlier`} className={tileButton}>
              <ChevronLeft className="size-4" aria-hidden="true" />
            </button>
            <button type="button" onClick={() => onMove(1)} disabled={n === count} aria-label={`Move ${what} ${n} later`} className={tileButton}>
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
          Alt text<span className="sr-only"> for {what} {n}</span>
        </label>
        <input
          id={altId}
          value={item.alt}
          onChange={(e) => onAlt(e.target.value)}
          maxLength={altLength}
          placeholder={`Describe this ${what}`}
          aria-describedby={item.error ? errorId : undefined}
          className="block h-9 w-full rounded-lg border border-neutral-300 bg-neutral-50 px-2.5 text-sm placeholder:text-neutral-400 focus:bg-white focus:outline-2 focus:-outline-offset-1 focus:outline-accent-500"
        />
      </div>
    </li>
  )
}
