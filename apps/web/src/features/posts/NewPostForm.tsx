import { locationSchema, type Limits } from '@mosaic/validators'
import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react'
import { Button } from '../../components/Button.tsx'
import { NewKindSwitch } from '../../components/NewKindSwitch.tsx'
import { PageHeading } from '../../components/PageHeading.tsx'
import { FormAlert } from '../../components/TextField.tsx'
import { CaptionField } from './CaptionField.tsx'
import { LocationField, NO_PLACE, type PlaceDraft } from './LocationField.tsx'
import { usePhotoPosition } from './photoPosition.ts'
import { PhotoPicker } from './PhotoPicker.tsx'
import { UploadProgress } from './UploadProgress.tsx'
import { usePhotoPicker } from './usePhotoPicker.ts'
import { useSharePost } from './useSharePost.ts'

type Errors = { caption?: string | undefined; location?: string | undefined; general?: string | undefined }

/** The server names the file ("File 2 (beach.svg): …"); next to its preview, that part is redundant. */
const withoutFilePrefix = (message: string) => message.replace(/^File \d+ \([^)]*\):\s*/, '')

/** "photos", "videos" or, for a mix, "files". */
const filesNoun = (items: { kind: 'image' | 'video' }[]) =>
  items.every((i) => i.kind === 'image') ? 'photos' : items.every((i) => i.kind === 'video') ? 'videos' : 'files'

/** A new post: photos and videos, caption and place, checked here first and shared in one upload. */
export function NewPostForm({ limits }: { limits: Limits }) {
  const [caption, setCaption] = useState('')
  const [place, setPlace] = useState<PlaceDraft>(NO_PLACE)
  const [errors, setErrors] = useState<Errors>({})
  const formRef = useRef<HTMLFormElement>(null)
  const headingId = useId()
  const { phase, busy, share, cancel } = useSharePost()
  const picker = usePhotoPicker(limits, { disabled: busy, onAdd: () => setErrors((e) => ({ ...e, general: undefined })) })
  const { items } = picker
  // Only photos carry a position the browser can read (EXIF); a clip's stays on the server, stripped.
  const photoFiles = useMemo(() => items.filter((i) => !i.error && i.kind === 'image').map((i) => i.file), [items])
  const photoPosition = usePhotoPosition(photoFiles)

  // The photo's position goes only with that photo: if it leaves the post, so does its position.
  const samePosition = photoPosition && place.position && photoPosition.lat === place.position.lat && photoPosition.lng === place.position.lng
  const photoGone = place.source === 'photo' && photoPosition !== undefined && !samePosition
  useEffect(() => {
    if (photoGone) setPlace((p) => ({ ...p, position: null, source: null }))
  }, [photoGone])

  /** What the browser can check before sending; the server checks it all again. */
  function check(): { errors: Errors; locationJson?: string } {
    const found: Errors = {}
    if (items.length === 0) found.general = 'Add at least one photo or video to share.'
    else if (items.some((i) => i.error)) found.general = `Some ${filesNoun(items.filter((i) => i.error))} can’t be shared. Remove the ones marked in red, then try again.`
    if (caption.length > limits.captionLength) found.caption = `Captions are at most ${limits.captionLength} characters`
    if (!place.name.trim() && !place.position) return { errors: found }
    if (!place.name.trim()) return { errors: { ...found, location: 'Name this place, or remove its position.' } }
    const checked = locationSchema.safeParse({ name: place.name, lat: place.position?.lat ?? null, lng: place.position?.lng ?? null })
    if (!checked.success) return { errors: { ...found, location: checked.error.issues[0]?.message } }
    return { errors: found, locationJson: JSON.stringify(checked.data) }
  }

  async function submit(event: FormEvent) {
    event.preventDefault()
    if (busy) return
    const { errors: found, locationJson } = check()
    setErrors(found)
    if (found.general || found.caption || found.location) {
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

    const e = await share(form)
    if (!e) return
    // Every bad file the server names goes on its own tile (an older server names only the first).
    const problems = e.files.length > 0 ? e.files : e.fileIndex !== null ? [{ index: e.fileIndex, message: e.message }] : []
    const marked = problems.flatMap((p) => {
      const key = sent[p.index]
      if (!key) return []
      picker.update(key, { error: withoutFilePrefix(p.message) })
      return [items.find((i) => i.key === key)?.kind === 'video' ? 'video' : 'photo']
    })
    if (marked.length === 1) {
      const what = marked[0]!
      const n = (problems[0]?.index ?? 0) + 1
      setErrors({ general: `${what === 'video' ? 'Video' : 'Photo'} ${n} can’t be shared. Remove it or choose another ${what}, then try again.` })
    } else if (marked.length > 1) {
      const noun = marked.every((w) => w === 'photo') ? 'photos' : marked.every((w) => w === 'video') ? 'videos' : 'files'
      setErrors({ general: `${marked.length} ${noun} can’t be shared. Remove the ones marked in red, then try again.` })
    } else if (e.field === 'caption') {
      setErrors({ caption: e.message })
    } else if (e.field === 'location') {
      setErrors({ location: e.message })
    } else if (e.code === 'UNAUTHORIZED') {
      setErrors({ general: 'Your session has ended. Sign in again, then share your post.' })
    } else {
      setErrors({ general: e.message })
    }
  }

  return (
    <div className="mx-auto max-w-2xl" {...picker.dropTarget}>
      <PageHeading aside={<NewKindSwitch />}>
        <span id={headingId}>New post</span>
      </PageHeading>

      <form ref={formRef} onSubmit={submit} noValidate aria-labelledby={headingId}>
        <fieldset disabled={busy} className="min-w-0 space-y-6">
          <PhotoPicker picker={picker} limits={limits} />

          <CaptionField
            value={caption}
            onChange={(v) => {
              setCaption(v)
              if (errors.caption) setErrors((e) => ({ ...e, caption: undefined }))
            }}
            error={errors.caption}
            placeholder="Write a caption…"
          />

          <LocationField
            value={place}
            photoPosition={photoPosition ?? null}
            maxLength={100}
            error={errors.location}
            onChange={(next) => {
              setPlace(next)
              if (errors.location) setErrors((er) => ({ ...er, location: undefined }))
            }}
          />
        </fieldset>

        <div className="mt-6 space-y-4">
          <FormAlert message={errors.general ?? null} />
          {phase.kind !== 'idle' ? <UploadProgress phase={phase} /> : null}
          <div className="flex justify-end gap-2">
            {phase.kind === 'uploading' ? (
              <Button variant="ghost" onClick={cancel}>
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
