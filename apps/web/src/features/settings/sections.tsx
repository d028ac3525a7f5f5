import type { ReactNode } from 'react'
import { DeleteAccountSection } from './DeleteAccountSection.tsx'
import { ProfileSection } from './ProfileSection.tsx'
import { YourDataSection } from './YourDataSection.tsx'

export type SettingsSection = {
  /** the path under /settings ('' for /settings itself) */
  path: string
  /** the name in the settings menu and the section's heading */
  label: string
  element: ReactNode
}

/** The settings pages, in the order the settings menu lists them. */
export const SETTINGS_SECTIONS: SettingsSection[] = [
  { path: '', label: 'Edit profile', element: <ProfileSection /> },
  { path: 'your-data', label: 'Your data', element: <YourDataSection /> },
  { path: 'delete-account', label: 'Delete account', element: <DeleteAccountSection /> },
]
