import { schema } from '@mosaic/db'
import type { MediaUrls } from '../ports.ts'
import { AVATAR_LARGE_SIZE, AVATAR_SMALL_SIZE, avatarSizeKey } from './avatar.keys.ts'

const { users } = schema

export type UserSummary = {
  id: string
  username: string
  displayName: string
  /** 96 px */
  avatarUrl: string | null
  /** 48 and 320 px, for srcset */
  avatar: { small: string; large: string } | null
} & StoryRing

/** Filled where the viewer may see the account's stories: it has a live one now. */
type StoryRing = { hasStory?: boolean }

/** The columns a UserSummary is made of: select exactly these, never a whole row. */
export const summaryColumns = {
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  avatarKey: users.avatarKey,
}

export type SummaryRow = { id: string; username: string; displayName: string; avatarKey: string | null }

/** Avatars are public whoever may see the account's posts (as on Instagram): immutable URLs, never signed. */
function avatarOf(key: string | null, urls: MediaUrls): UserSummary['avatar'] {
  const small = key && avatarSizeKey(key, AVATAR_SMALL_SIZE)
  const large = key && avatarSizeKey(key, AVATAR_LARGE_SIZE)
  return small && large ? { small: urls.public(small), large: urls.public(large) } : null
}

export const toSummary = (row: SummaryRow, urls: MediaUrls): UserSummary => ({
  id: row.id,
  username: row.username,
  displayName: row.displayName || row.username,
  avatarUrl: row.avatarKey ? urls.public(row.avatarKey) : null,
  avatar: avatarOf(row.avatarKey, urls),
})
