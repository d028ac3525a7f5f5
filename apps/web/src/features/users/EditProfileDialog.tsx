import { Dialog } from '../../components/Dialog.tsx'
import { EditProfileForm } from './EditProfileForm.tsx'
import type { Profile } from '../../lib/userTypes.ts'

export function EditProfileDialog({ profile, open, onClose }: { profile: Profile; open: boolean; onClose: () => void }) {
  return (
    <Dialog open={open} onClose={onClose} title="Edit profile">
      <EditProfileForm profile={profile} onSaved={onClose} onCancel={onClose} />
    </Dialog>
  )
}
