import { eq, schema } from '@mosaic/db'
import { AVATAR_SIZES, AvatarCropError, MediaError, renderAvatar, type AvatarCrop, type MediaLimits, type RenderedAvatar } from '@mosaic/media'
import { avatarKey } from '@mosaic/storage'
import { avatarFormFields } from '@mosaic/validators'
import type { CoreDeps, Viewer } from '../deps.ts'
import { DomainError, notFound } from '../errors.ts'
import { decodeSlots, MEDIA_TO_DOMAIN } from '../posts/ingest.ts'
import { readUpload, type UploadFile, type UploadForm } from '../posts/upload.ts'
import { AVATAR_REFERENCE_SIZE } from '../users/avatar.keys.ts'
import { summaryColumns, toSummary, type UserSummary } from '../users/user.shape.ts'

const { users } = schema

type Deps = Pick<CoreDeps, 'db' | 'urls' | 'storage' | 'mediaLimits' | 'hot'>

async function render(file: UploadFile, limits: MediaLimits, crop: AvatarCrop | undefined): Promise<RenderedAvatar> {
  try {
    return await decodeSlots.run(async () => renderAvatar(await readUpload(file), limits, crop))
  } catch (err) {
    if (err instanceof AvatarCropError) throw new DomainError('BAD_REQUEST', err.message, { field: 'crop' })
    if (err instanceof MediaError) throw new DomainError(MEDIA_TO_DOMAIN[err.code], `${file.name}: ${err.message}`, { fileIndex: 0 })
    throw err
  }
}

/**
 * A new profile picture: the photo goes through the posts' pipeline (same limits and refusals),
 * cropped square at the client's box or the centre. Its sizes are stored under their content
 * address before the row points at them, so a failure leaves at most unreferenced blobs (swept);
 * the previous avatar's blobs are left to the sweep too. Every cached author summary is dropped.
 */
export async function setAvatar(deps: Deps, viewer: Viewer, form: UploadForm): Promise<UserSummary> {
  const [file, ...more] = form.files
  if (!file || more.length > 0) throw new DomainError('BAD_REQUEST', 'Send one photo', { field: 'file' })
  if (file.kind === 'video') throw new DomainError('UNSUPPORTED_MEDIA_TYPE', `${file.name}: a profile picture is a photo, not a video`, { fileIndex: 0 })
  const fields = avatarFormFields.safeParse({ crop: form.field('crop') })
  if (!fields.success) {
    throw new DomainError('BAD_REQUEST', fields.error.issues[0]?.message ?? 'Invalid crop', { field: 'crop' })
  }
  const avatar = await render(file, deps.mediaLimits, fields.data.crop)
  await Promise.all(
    AVATAR_SIZES.map((size) => {
      const v = avatar.sizes[size]
      return deps.storage.put(avatarKey(avatar.sha256, size, v.ext), v.data, { contentType: v.contentType })
    }),
  )
  const reference = avatarKey(avatar.sha256, AVATAR_REFERENCE_SIZE, avatar.sizes[AVATAR_REFERENCE_SIZE].ext)
  return point(deps, viewer, reference)
}

/** Back to initials. The blobs stay until the sweep finds no one using them. */
export async function removeAvatar(deps: Omit<Deps, 'storage' | 'mediaLimits'>, viewer: Viewer): Promise<UserSummary> {
  return point(deps, viewer, null)
}

async function point(deps: Pick<Deps, 'db' | 'urls' | 'hot'>, viewer: Viewer, reference: string | null): Promise<UserSummary> {
  const [row] = await deps.db.update(users).set({ avatarKey: reference, updatedAt: new Date() }).where(eq(users.id, viewer.id)).returning(summaryColumns)
  if (!row) throw notFound('Your account')
  // After commit, so a reader refilling the cache reads the new key.
  await deps.hot?.authorChanged(viewer.id)
  return toSummary(row, deps.urls)
}
