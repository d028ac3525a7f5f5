import { ImagePlus, Plus } from 'lucide-react'
import { useRef } from 'react'
import { Button } from '../../components/Button.tsx'
import { megabytes } from '../../lib/limits.ts'
import { PhotoTile } from './PhotoTile.tsx'
import { ACCEPT, ACCEPTED_KINDS, ACCEPTED_VIDEO_KINDS, type PhotoPicker as Picker, type PickerLimits } from './usePhotoPicker.ts'

type Props = { picker: Picker; limits: PickerLimits }

/** What the picker says it takes: how many photos, how large, and the same for videos when the server takes them. */
function fits(limits: PickerLimits): string {
  const photos = `Up to ${limits.filesPerPost} ${limits.filesPerPost === 1 ? 'photo' : 'photos'} in one post, ${megabytes(limits.maxFileBytes)} MB each. ${ACCEPTED_KINDS}.`
  if (limits.videosPerPost === 0) return photos
  const videos = limits.videosPerPost === 1 ? 'one video' : `up to ${limits.videosPerPost} videos`
  return `${photos} Or ${videos} of at most ${limits.videoMaxSeconds} seconds and ${megabytes(limits.maxVideoBytes)} MB each (${ACCEPTED_VIDEO_KINDS}).`
}

/** Where photos and videos are chosen: a drop zone until there are some, then their tiles and a tile to add more. */
export function PhotoPicker({ picker, limits }: Props) {
  const inputRef = useRef<HTMLInputElement>(null)
  const { items, dragging, full } = picker
  const pickFiles = () => inputRef.current?.click()

  return (
    <>
      <input
        ref={inputRef}
        type="file"
        name="files"
        aria-label={limits.videosPerPost > 0 ? 'Select photos and videos' : 'Select photos'}
        accept={ACCEPT}
        multiple
        tabIndex={-1}
        className="sr-only"
        onChange={(e) => {
          if (e.target.files) picker.add(e.target.files)
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
            <span className="md:hidden">Add photos{limits.videosPerPost > 0 ? ' and videos' : ''} to your post</span>
            <span className="hidden md:inline">Drag photos{limits.videosPerPost > 0 ? ' and videos' : ''} here</span>
          </p>
          <p className="mt-1 mb-5 max-w-sm text-sm text-neutral-600">{fits(limits)}</p>
          <Button onClick={pickFiles}>{limits.videosPerPost > 0 ? 'Select photos and videos' : 'Select photos'}</Button>
        </div>
      ) : (
        <section aria-label={items.some((i) => i.kind === 'video') ? 'Photos and videos' : 'Photos'} className={`rounded-2xl transition-colors ${dragging ? 'bg-accent-50 outline-2 outline-dashed outline-accent-500 outline-offset-4' : ''}`}>
          <div className="mb-3 flex items-center justify-between text-sm">
            <p className="text-neutral-600">
              {items.length} of {limits.filesPerPost} {limits.videosPerPost > 0 ? 'photos and videos' : 'photos'}
              {items.length > 1 ? ' · the first one is the cover' : ''}
            </p>
          </div>
          <ol className="grid grid-cols-2 gap-x-3 gap-y-5 sm:grid-cols-3">
            {items.map((item, index) => (
              <PhotoTile
                key={item.key}
                item={item}
                n={index + 1}
                count={items.length}
                onRemove={() => picker.remove(item.key)}
                onMove={(by) => picker.move(index, by)}
                onAlt={(alt) => picker.update(item.key, { alt })}
                onPreviewFailed={() => picker.update(item.key, { previewFailed: true })}
                onPreviewLoaded={(width, height) => picker.previewed(item.key, width, height)}
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
                  {limits.videosPerPost > 0 ? 'Add photos or videos' : 'Add photos'}
                </button>
              </li>
            ) : null}
          </ol>
        </section>
      )}
      {picker.notice ? (
        <p role="status" className="rounded-lg border border-amber-200 bg-amber-50 px-3 py-2.5 text-sm text-amber-900">
          {picker.notice}
        </p>
      ) : null}
    </>
  )
}
