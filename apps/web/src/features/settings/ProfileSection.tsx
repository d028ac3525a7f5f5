import { useState } from 'react'
import { Spinner } from '../../components/Spinner.tsx'
import { FormAlert } from '../../components/TextField.tsx'
import { generalMessage } from '../../lib/errors.ts'
import { trpc } from '../../lib/trpc.ts'
import { useSession } from '../../lib/session.ts'
import { EditProfileForm } from '../users/EditProfileForm.tsx'

export function ProfileSection() {
  const { viewer } = useSession()
  const username = viewer?.username ?? ''
  const profile = trpc.user.byUsername.useQuery({ username }, { enabled: username !== '' })
  const [saved, setSaved] = useState(0)

  if (profile.isPending) {
    return (
      <div className="flex justify-center py-16">
        <Spinner className="size-6 text-neutral-400" label="Loading your profile" />
      </div>
    )
  }
  if (profile.isError) return <FormAlert message={generalMessage(profile.error)} />
  return (
    <>
      {/* key: a fresh form after each save, starting from what the server now holds */}
      <EditProfileForm key={saved} profile={profile.data} onSaved={() => setSaved((n) => n + 1)} />
      <p role="status" className="mt-4 text-sm text-emerald-700">
        {saved > 0 ? 'Profile saved.' : ''}
      </p>
    </>
  )
}
