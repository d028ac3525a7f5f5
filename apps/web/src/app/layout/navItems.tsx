import { Compass, Heart, House, SquarePlus, type LucideIcon } from 'lucide-react'
import type { ReactNode } from 'react'
import { Avatar } from '../../components/Avatar.tsx'

type Viewer = { username: string; displayName: string; avatarUrl: string | null; avatar?: { small: string; large: string } | null }

export type NavItem = {
  to: string
  label: string
  end?: boolean
  icon: (active: boolean) => ReactNode
  /** a count shown over the icon (unread notifications); nothing when 0 */
  badge?: number
}

/** The accessible name of an item: its label, plus the count when there is one. */
export const navItemName = (item: NavItem) => (item.badge ? `${item.label}, ${item.badge} unread` : item.label)

const iconOf = (Icon: LucideIcon) => (active: boolean) => (
  <Icon className={`size-6 shrink-0 ${active ? 'text-accent-600' : ''}`} strokeWidth={active ? 2.4 : 1.8} aria-hidden="true" />
)

/** The app's main destinations, in the order both the sidebar and the tab bar show them. */
export function navItemsFor(viewer: Viewer | null, unread = 0): NavItem[] {
  if (!viewer) return [{ to: '/explore', label: 'Explore', icon: iconOf(Compass) }]
  return [
    { to: '/', label: 'Home', end: true, icon: iconOf(House) },
    { to: '/explore', label: 'Explore', icon: iconOf(Compass) },
    { to: '/new', label: 'New post', icon: iconOf(SquarePlus) },
    { to: '/notifications', label: 'Notifications', icon: iconOf(Heart), badge: unread },
    {
      to: `/${viewer.username}`,
      label: 'Profile',
      icon: (active) => (
        // Decorative here: the item's label already says "Profile".
        <span aria-hidden="true" className={`inline-flex rounded-full ${active ? 'ring-2 ring-accent-600 ring-offset-1' : ''}`}>
          <Avatar user={viewer} size="xs" className="!size-6" />
        </span>
      ),
    },
  ]
}
