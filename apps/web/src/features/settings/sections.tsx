import type { ReactNode } from 'react'
import { BlockedSection } from './BlockedSection.tsx'
import { EmailSection } from './EmailSection.tsx'
import { PasswordSection } from './PasswordSection.tsx'
import { AppearanceSection } from './AppearanceSection.tsx'
import { ProfileSection } from './ProfileSection.tsx'
import { SessionsSection } from './SessionsSection.tsx'
import { DeleteAccountSection } from './DeleteAccountSection.tsx'
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
  { path: 'password', label: 'Password', element: <PasswordSection /> },
  { path: 'email', label: 'Email', element: <EmailSection /> },
  { path: 'sessions', label: "Where you're signed in", element: <SessionsSection /> },
  { path: 'blocked', label: 'Blocked accounts', element: <BlockedSection /> },
  { path: 'appearance', label: 'Appearance', element: <AppearanceSection /> },
  { path: 'your-data', label: 'Your data', element: <YourDataSection /> },
  { path: 'delete-account', label: 'Delete account', element: <DeleteAccountSection /> },
]
