import { and, inArray, schema, sql } from '@mosaic/db'
import { authorVisibleTo, noBlockBetween } from '../access/visibility.ts'
import type { CoreDeps, Viewer } from '../deps.ts'

const { posts, users } = schema

/**
 * @mentions notify the named people who may see the post — anyone for a public author outside a
 * block, only approved followers (and the author) for a private one — except the actor, those in
 * `skip`, and anyone in a block with the actor. A notification carries the post's id and thumbnail.
 */
export async function notifyMentions(
  deps: Pick<CoreDeps, 'db' | 'queue'>,
  viewer: Pick<Viewer, 'id'>,
  names: string[],
  ref: { postId: string; commentId?: string; skip?: string[] },
) {
  if (names.length === 0) return
  const rows = await deps.db
    .select({ id: users.id })
    .from(users)
    .where(
      and(
        inArray(users.username, names.slice(0, 20)),
        noBlockBetween(viewer.id, users.id),
        sql`exists (select 1 from ${posts} p where p.id = ${ref.postId} and ${authorVisibleTo(users.id, sql`p.author_id`)})`,
      ),
    )
  for (const r of rows) {
    if (r.id === viewer.id || ref.skip?.includes(r.id)) continue
    await deps.queue.enqueue('notify', { type: 'mention', recipientId: r.id, actorId: viewer.id, postId: ref.postId, commentId: ref.commentId ?? null })
  }
}
