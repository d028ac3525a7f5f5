import { ImagePlus } from 'lucide-react'
import { useEffect, useId, useMemo, useState, type FormEvent } from 'react'
import { useNavigate } from 'react-router'
import { Button } from '../../components/Button.tsx'
import { NewKindSwitch } from '../../components/NewKindSwitch.tsx'
import { PageHeading } from '../../components/PageHeading.tsx'
import { FormAlert, TextField } from '../../components/TextField.tsx'
import { generalMessage } from '../../lib/errors.ts'
import { isVideoFile, readClipDuration, VIDEO_ACCEPT } from '../../lib/clipDuration.ts'
import { clipLength } from '../../lib/format.ts'
import { megabytes, useLimits } from '../../lib/limits.ts'
import { trpc } from '../../lib/trpc.ts'

const tooLong = (ms: number, maxSeconds: number) => `This video is ${Math.ceil(ms / 100) / 10} seconds long; a story's video can be at most ${maxSeconds} seconds.`

/** One photo or a short clip and an optional caption, shown to followers for 24 hours. */
export function NewStoryPage() {
  const limits = useLimits()
  const navigate = useNavigate()
  const utils = trpc.useUtils()
  const headingId = useId()
  const [file, setFile] = useState<File | null>(null)
  const [caption, setCaption] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  // A clip's length, once the browser has read it (null when it cannot tell: the server checks).
  const [clipMs, setClipMs] = useState<{ of: File; ms: number | null } | null>(null)
  const preview = useMemo(() => (file ? URL.createObjectURL(file) : null), [file])
  const isClip = file !== null && isVideoFile(file)
  const maxClipSeconds = Math.min(limits.storyVideoMaxSeconds, limits.videoMaxSeconds)
  useEffect(() => {
    if (!preview) return
    return () => URL.revokeObjectURL(preview)
  }, [preview])
  useEffect(() => {
    if (!preview || !file || !isClip) return
    let current = true
    void readClipDuration(preview).then((ms) => {
      if (!current) return
      setClipMs({ of: file, ms })
      // Said as soon as it is known, not only when Share is pressed.
      if (ms !== null && ms > maxClipSeconds * 1000) setProblem(tooLong(ms, maxClipSeconds))
    })
    return () => {
      current = false
    }
  }, [preview, file, isClip, maxClipSeconds])
  const create = trpc.story.create.useMutation({
    onSuccess: async () => {
      await utils.story.tray.invalidate()
      navigate('/')
    },
    onError: (error) => setProblem(generalMessage(error)),
  })

  function submit(event: FormEvent) {
    event.preventDefault()
    if (!file) return setProblem('Choose a photo or a video for your story.')
    if (isClip) {
      if (file.size > limits.maxVideoBytes) return setProblem(`This video is larger than the ${megabytes(limits.maxVideoBytes)} MB limit.`)
      const ms = clipMs?.of === file ? clipMs.ms : null
      if (ms !== null && ms > maxClipSeconds * 1000) return setProblem(tooLong(ms, maxClipSeconds))
    } else if (file.size > limits.maxFileBytes) return setProblem(`This photo is larger than the ${megabytes(limits.maxFileBytes)} MB limit.`)
    if (caption.length > limits.captionLength) return setProblem(`Captions are at most ${limits.captionLength} characters.`)
    const form = new FormData()
    form.append('file', file, file.name)
    if (caption.trim()) form.append('caption', caption)
    setProblem(null)
    create.mutate(form)
  }

  return (
    <div className="mx-auto max-w-md">
      <title>New story • Mosaic</title>
      <PageHeading aside={<NewKindSwitch />}>
        <span id={headingId}>New story</span>
      </PageHeading>
      <form onSubmit={submit} noValidate aria-labelledby={headingId} className="space-y-5">
        <fieldset disabled={create.isPending} className="min-w-0 space-y-5">
          <label className="relative mx-auto flex aspect-[9/16] max-h-[min(50dvh,32rem)] cursor-pointer flex-col items-center justify-center gap-2 overflow-hidden rounded-2xl border-2 border-dashed border-neutral-300 bg-neutral-50 text-sm text-neutral-600 hover:border-accent-500">
            {preview && isClip ? (
              <>
                <video src={preview} aria-label="Your story's video" muted autoPlay loop playsInline className="absolute inset-0 size-full bg-black object-contain" />
                {clipMs?.of === file && clipMs.ms !== null ? (
                  <span className="absolute bottom-3 left-1/2 -translate-x-1/2 rounded-full bg-black/70 px-2 py-0.5 text-xs font-semibold text-white tabular-nums">
                    <span className="sr-only">Length </span>
                    {clipLength(clipMs.ms)}
                  </span>
                ) : null}
              </>
            ) : preview ? (
              <img src={preview} alt="Your story's photo" className="absolute inset-0 size-full bg-black object-contain" />
            ) : (
              <>
                <ImagePlus className="size-10 text-neutral-400" strokeWidth={1.5} aria-hidden="true" />
                <span className="font-semibold">Choose a photo or video</span>
                <span className="text-xs text-neutral-500">Shown for 24 hours · videos up to {maxClipSeconds} seconds</span>
              </>
            )}
            <input
              type="file"
              name="file"
              accept={`image/*,${VIDEO_ACCEPT}`}
              className="sr-only"
              onChange={(e) => {
                setFile(e.target.files?.[0] ?? null)
                setProblem(null)
              }}
            />
          </label>
          <TextField label="Caption" name="caption" value={caption} placeholder="Add a caption (optional)" onChange={(e) => setCaption(e.target.value)} />
        </fieldset>
        <FormAlert message={problem} />
        <div className="flex justify-end">
          <Button type="submit" pending={create.isPending} className="min-w-28">
            Share to story
          </Button>
        </div>
      </form>
    </div>
  )
}
