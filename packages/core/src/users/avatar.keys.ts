// Where an avatar's sizes live and which of them a user row points at. `users.avatar_key` holds the
// key of the 96 px size (UserSummary.avatarUrl); the other sizes share its content address.
import { avatarKey, parseAvatarKey } from '@mosaic/storage'

/** The size `users.avatar_key` names; 48 and 320 px are found beside it. */
export const AVATAR_REFERENCE_SIZE = 96
export const AVATAR_SMALL_SIZE = 48
export const AVATAR_LARGE_SIZE = 320

/** The key of another size of the same avatar, or null when `key` is no avatar key. */
export function avatarSizeKey(key: string, size: number): string | null {
  const parts = parseAvatarKey(key)
  return parts ? avatarKey(parts.sha256, size, parts.ext) : null
}

/** The `users.avatar_key` value that keeps the avatar blob `key` (of any size) alive, or null when it is no avatar key. */
export const avatarReference = (key: string) => avatarSizeKey(key, AVATAR_REFERENCE_SIZE)
