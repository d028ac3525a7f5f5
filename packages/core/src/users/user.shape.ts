import { schema } from '@mosaic/db'
import type { MediaUrls } from '../ports.ts'

const { users } = schema

export type UserSummary = { id: string; username: string; displayName: string; avatarUrl: string | null } & StoryRing

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

export const toSummary = (row: SummaryRow, urls: MediaUrls): UserSummary => ({
  id: row.id,
  username: row.username,
  displayName: row.displayName || row.username,
  avatarUrl: row.avatarKey ? urls.public(row.avatarKey) : null,
})
