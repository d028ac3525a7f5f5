import { TRPCClientError } from '@trpc/client'
import { useCallback, useEffect, useState } from 'react'
import { Avatar } from '../../components/Avatar.tsx'
import { Button, buttonClass } from '../../components/Button.tsx'
import { FormAlert } from '../../components/TextField.tsx'
import { errorCode, generalMessage } from '../../lib/errors.ts'
import { megabytes, useLimits } from '../../lib/limits.ts'
import { trpc } from '../../lib/trpc.ts'
import type { Profile } from '../../lib/userTypes.ts'
import { AvatarCropper, type Crop } from './AvatarCropper.tsx'

// The server's own words for a refused photo name the file and the limit; anything else gets ours.
const SAYS_WHY = new Set(['PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE', 'BAD_REQUEST'])
const messageOf = (error: unknown) => (error instanceof TRPCClientError && SAYS_WHY.has(errorCode(error) ?? '') ? error.message : generalMessage(error))

/**
 * "Change photo" and "Remove" in Edit profile. A picked photo is previewed in a round crop; saving
 * sends it at once (apart from the form's text fields), and every summary on screen is refetched.
 */
export function ProfilePhotoField({ profile }: { profile: Profile }) {
  const limits = useLimits()
  const utils = trpc.useUtils()
  const [picked, setPicked] = useState<{ file: File; url: string } | null>(null)
  const [crop, setCrop] = useState<Crop | null>(null)
  const [unreadable, setUnreadable] = useState(false)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    if (!picked) return
    return () => URL.revokeObjectURL(picked.url)
  }, [picked])

  const done = () => {
    setPicked(null)
    setCrop(null)
    // The new picture shows in every header, post, comment and list on screen.
    void utils.invalidate()
  }
  const save = trpc.user.setAvatar.useMutation({ onSuccess: done, onError: (e) => setError(messageOf(e)) })
  const remove = trpc.user.removeAvatar.useMutation({ onSuccess: done, onError: (e) => setError(messageOf(e)) })
  const onUnreadable = useCallback(() => setUnreadable(true), [])

  function pick(file: File | undefined) {
    setError(null)
    if (!file) return
    if (file.size > limits.maxFileBytes) return setError(`${file.name} is larger than the ${megabytes(limits.maxFileBytes)} MB limit`)
    setUnreadable(false)
    setCrop(null)
    setPicked({ file, url: URL.createObjectURL(file) })
  }

  function submit() {
    if (!picked) return
    const form = new FormData()
    form.append('file', picked.file, picked.file.name)
    if (crop && !unreadable) form.append('crop', JSON.stringify(crop))
    setError(null)
    save.mutate(form)
  }

  return (
    <div className="space-y-3 rounded-xl bg-neutral-50 p-3">
      {picked ? (
        <>
          {unreadable ? (
            <p className="text-sm text-neutral-600">This browser cannot preview {picked.file.name}; the middle of the photo will be used.</p>
          ) : (
            <AvatarCropper src={picked.url} onCrop={setCrop} onUnreadable={onUnreadable} />
          )}
          <div className="flex justify-end gap-2">
            <Button variant="ghost" onClick={() => setPicked(null)} disabled={save.isPending}>
              Cancel
            </Button>
            <Button onClick={submit} pending={save.isPending}>
              Save photo
            </Button>
          </div>
        </>
      ) : (
        // Wraps the buttons under the name at phone width rather than squeezing the name to nothing.
        <div className="flex flex-wrap items-center gap-3">
          <Avatar user={profile} size="md" />
          <div className="min-w-0 flex-1 basis-32">
            <p className="truncate text-sm font-semibold">{profile.username}</p>
            <p className="truncate text-sm text-neutral-500">{profile.displayName}</p>
          </div>
          <label className={buttonClass('secondary', 'cursor-pointer focus-within:outline-2')}>
            Change photo
            <input
              type="file"
              accept="image/*"
              className="sr-only"
              onChange={(e) => {
                pick(e.target.files?.[0])
                // The same file picked again is a new choice.
                e.target.value = ''
              }}
            />
          </label>
          {profile.avatarUrl ? (
            <Button variant="ghost" onClick={() => remove.mutate()} pending={remove.isPending}>
              Remove
            </Button>
          ) : null}
        </div>
      )}
      <FormAlert message={error} />
    </div>
  )
}
