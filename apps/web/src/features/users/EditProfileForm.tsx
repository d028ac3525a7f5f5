import { updateProfileInput } from '@mosaic/validators'
import { useState, type FormEvent } from 'react'
import { Button } from '../../components/Button.tsx'
import { FormAlert, TextArea, TextField } from '../../components/TextField.tsx'
import { formErrorsFrom, validate } from '../../lib/errors.ts'
import { trpc } from '../../lib/trpc.ts'
import { useFormErrors } from '../../lib/useFormErrors.ts'
import type { Profile } from '../../lib/userTypes.ts'
import { ProfilePhotoField } from './ProfilePhotoField.tsx'

const FIELDS = ['displayName', 'bio', 'isPrivate'] as const
type Field = (typeof FIELDS)[number]
const BIO_MAX = 150

type Props = { profile: Profile; onSaved?: (profile: Profile) => void; onCancel?: () => void }

export function EditProfileForm({ profile, onSaved, onCancel }: Props) {
  // The server shows the username when no display name is set; editing starts from the real, empty value.
  const [displayName, setDisplayName] = useState(profile.displayName === profile.username ? '' : profile.displayName)
  const [bio, setBio] = useState(profile.bio)
  const [isPrivate, setIsPrivate] = useState(profile.isPrivate)
  const { formRef, errors, report, reset, clearField } = useFormErrors<Field>()
  const utils = trpc.useUtils()

  const update = trpc.user.update.useMutation({
    onSuccess: (updated) => {
      utils.user.byUsername.setData({ username: updated.username }, updated)
      void utils.user.byUsername.invalidate({ username: updated.username })
      void utils.auth.me.invalidate()
      onSaved?.(updated)
    },
    onError: (error) => report(formErrorsFrom(error, FIELDS)),
  })

  function submit(event: FormEvent) {
    event.preventDefault()
    const checked = validate(updateProfileInput, { displayName, bio, isPrivate }, FIELDS)
    if (!checked.ok) return report(checked.errors)
    reset()
    update.mutate(checked.data)
  }

  const bioOver = bio.length > BIO_MAX
  return (
    <form ref={formRef} onSubmit={submit} noValidate className="space-y-5">
      <ProfilePhotoField profile={profile} />

      <TextField
        label="Display name"
        name="displayName"
        autoComplete="name"
        placeholder={profile.username}
        value={displayName}
        error={errors.fields.displayName}
        hint="Shown on your profile. Leave it empty to show your username."
        onChange={(e) => {
          setDisplayName(e.target.value)
          clearField('displayName')
        }}
      />

      <TextArea
        label="Bio"
        name="bio"
        rows={3}
        value={bio}
        error={errors.fields.bio}
        hint={
          <span className={`block text-right tabular-nums ${bioOver ? 'font-medium text-red-600' : ''}`}>
            {bio.length} / {BIO_MAX}
          </span>
        }
        onChange={(e) => {
          setBio(e.target.value)
          clearField('bio')
        }}
      />

      <div className="flex items-start justify-between gap-4 rounded-xl border border-neutral-200 p-4">
        <div>
          <label htmlFor="edit-profile-private" className="text-sm font-medium text-neutral-900">
            Private account
          </label>
          <p id="edit-profile-private-hint" className="mt-1 text-xs leading-relaxed text-neutral-500">
            Only people you approve can see your photos and who you follow. Your profile picture, name and bio stay public.
          </p>
          {errors.fields.isPrivate ? (
            <p role="alert" className="mt-1 text-xs font-medium text-red-600">
              {errors.fields.isPrivate}
            </p>
          ) : null}
        </div>
        {/* A native checkbox (so it is a checkbox to assistive tech), drawn as a switch. */}
        <input
          id="edit-profile-private"
          type="checkbox"
          checked={isPrivate}
          aria-describedby="edit-profile-private-hint"
          onChange={(e) => {
            setIsPrivate(e.target.checked)
            clearField('isPrivate')
          }}
          className="relative mt-0.5 h-6 w-11 shrink-0 cursor-pointer appearance-none rounded-full bg-neutral-300 transition-colors before:absolute before:top-0.5 before:left-0.5 before:size-5 before:rounded-full before:bg-white before:shadow before:transition-transform checked:bg-accent-600 checked:before:translate-x-5"
        />
      </div>

      <FormAlert message={errors.general} />

      <div className="flex justify-end gap-2">
        {onCancel ? (
          <Button variant="ghost" onClick={onCancel}>
            Cancel
          </Button>
        ) : null}
        <Button type="submit" pending={update.isPending} className="min-w-24">
          Save
        </Button>
      </div>
    </form>
  )
}
