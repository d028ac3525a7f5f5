import type { RouterOutputs } from '@mosaic/trpc'
import { useQueryClient, type QueryClient } from '@tanstack/react-query'
import { trpc } from '../../lib/trpc.ts'
import { patchPostInLists } from './postCache.ts'
import type { Post } from './types.ts'

export type Comment = RouterOutputs['comment']['list']['items'][number]

/** The comment a reply answers (always a top-level one: replies are one level deep) and whom it @mentions. */
export type ReplyTarget = { parentId: string; username: string }

export const COMMENTS_PAGE = 20
export const commentsInput = (postId: string) => ({ postId, limit: COMMENTS_PAGE })

/** Keeps a post's comment count (replies included) right in every cache after comments come or go. */
export function useCommentCount(post: Post) {
  const utils = trpc.useUtils()
  const queryClient = useQueryClient()
  return (delta: number) => {
    const next = (p: Post) => ({ commentCount: Math.max(0, p.commentCount + delta) })
    utils.post.byId.setData({ id: post.id }, (p) => (p ? { ...p, ...next(p) } : p))
    patchPostInLists(queryClient, post.id, next)
  }
}

type Pages = { pages: { items: Comment[]; nextCursor: string | null }[] }
const isPages = (data: unknown): data is Pages => typeof data === 'object' && data !== null && Array.isArray((data as { pages?: unknown }).pages)

// tRPC keys start with the procedure's path.
const LIST = [['comment', 'list']]
const REPLIES = [['comment', 'replies']]

/** Rewrites every cached thread and reply list with `edit` applied to each page's comments. */
function editComments(queryClient: QueryClient, edit: (items: Comment[]) => Comment[]) {
  for (const key of [LIST, REPLIES]) {
    queryClient.setQueriesData<unknown>({ queryKey: key }, (data: unknown) =>
      isPages(data) ? { ...data, pages: data.pages.map((p) => ({ ...p, items: edit(p.items) })) } : data,
    )
  }
}

/** Changes one comment (top-level or reply) wherever a cached thread holds it. */
export function patchComment(queryClient: QueryClient, id: string, patch: Partial<Comment>) {
  const apply = (c: Comment): Comment => (c.id === id ? { ...c, ...patch } : c.replies ? { ...c, replies: c.replies.map(apply) } : c)
  editComments(queryClient, (items) => items.map(apply))
}

/** A reply just posted: under its comment in the thread, and at the end of its reply list once that is fully loaded. */
export function addReply(queryClient: QueryClient, reply: Comment) {
  queryClient.setQueriesData<unknown>({ queryKey: LIST }, (data: unknown) =>
    isPages(data)
      ? {
          ...data,
          pages: data.pages.map((p) => ({
            ...p,
            items: p.items.map((c) => (c.id === reply.parentId ? { ...c, replyCount: c.replyCount + 1, replies: [...(c.replies ?? []), reply] } : c)),
          })),
        }
      : data,
  )
  queryClient.setQueriesData<unknown>({ queryKey: REPLIES, predicate: (q) => JSON.stringify(q.queryKey).includes(`"commentId":"${reply.parentId}"`) }, (data: unknown) => {
    if (!isPages(data)) return data
    const last = data.pages[data.pages.length - 1]
    if (!last || last.nextCursor !== null) return data
    return { ...data, pages: data.pages.map((p) => (p === last ? { ...p, items: [...p.items, reply] } : p)) }
  })
}

/** A deleted comment leaves every cached thread (a top-level one with its replies); its parent counts one reply fewer. */
export function removeComment(queryClient: QueryClient, comment: Comment) {
  editComments(queryClient, (items) =>
    items
      .filter((c) => c.id !== comment.id && c.parentId !== comment.id)
      .map((c) =>
        c.id === comment.parentId
          ? { ...c, replyCount: Math.max(0, c.replyCount - 1), replies: c.replies?.filter((r) => r.id !== comment.id) }
          : c,
      ),
  )
}
