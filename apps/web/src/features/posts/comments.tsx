import { Spinner } from '../../components/Spinner.tsx'
import { RetryNote } from '../../components/LoadStates.tsx'
import { trpc } from '../../lib/trpc.ts'
import { commentsInput, type Comment, type ReplyTarget } from './commentCache.ts'
import { CommentItem } from './CommentItem.tsx'
import type { Post } from './types.ts'

export { CommentForm } from './CommentForm.tsx'
export type { Comment, ReplyTarget }

type ThreadProps = {
  post: Post
  /** comments this viewer just posted that the loaded pages do not reach yet */
  posted: Comment[]
  onForget: (id: string) => void
  /** "Reply" under a comment: the composer answers it */
  onReply?: (target: ReplyTarget) => void
}

/** The comments under a caption, oldest first, a page at a time, each with its replies. */
export function CommentThread({ post, posted, onForget, onReply }: ThreadProps) {
  const list = trpc.comment.list.useInfiniteQuery(commentsInput(post.id), { getNextPageParam: (page) => page.nextCursor })

  if (list.isPending) {
    return (
      <div className="flex justify-center py-6">
        <Spinner className="size-5 text-neutral-400" label="Loading comments" />
      </div>
    )
  }
  if (list.isError && !list.data) {
    return <RetryNote message="Couldn't load the comments." onRetry={() => void list.refetch()} className="items-start py-2" />
  }

  const seen = new Set<string>()
  const loaded = list.data.pages.flatMap((p) => p.items).filter((c) => !seen.has(c.id) && seen.add(c.id))
  const comments = [...loaded, ...posted.filter((c) => !seen.has(c.id))]

  return (
    <section aria-label="Comments" className="space-y-4">
      {comments.length > 0 ? (
        <ul className="space-y-4">
          {comments.map((c) => (
            <CommentItem key={c.id} comment={c} post={post} onDeleted={() => onForget(c.id)} onReply={onReply} />
          ))}
        </ul>
      ) : (
        <p className="text-sm text-neutral-500">No comments yet.</p>
      )}
      {list.hasNextPage ? (
        <button
          type="button"
          onClick={() => void list.fetchNextPage()}
          disabled={list.isFetchingNextPage}
          className="flex items-center gap-2 text-sm font-medium text-neutral-500 hover:text-neutral-800"
        >
          {list.isFetchingNextPage ? <Spinner className="size-4" /> : null}
          View more comments
        </button>
      ) : null}
      {list.isFetchNextPageError ? <p className="text-sm text-red-600">Couldn't load more comments. Try again.</p> : null}
    </section>
  )
}
