import type { RouterOutputs } from '@mosaic/trpc'
import { useId } from 'react'
import { RetryNote } from '../../components/LoadStates.tsx'
import { Spinner } from '../../components/Spinner.tsx'
import { FollowButton } from '../../components/FollowButton.tsx'
import { UserRow } from '../../components/UserList.tsx'

export type Suggestion = RouterOutputs['user']['suggestions'][number]

/** The parts of the user.suggestions query the list needs. */
export type SuggestionsQuery = {
  data: Suggestion[] | undefined
  isPending: boolean
  isError: boolean
  refetch: () => unknown
}

type Props = {
  query: SuggestionsQuery
  /** the side column and the end of the feed: fewer people, smaller pictures, nothing when there is no one */
  compact?: boolean
  className?: string
}

/**
 * "Suggested for you": people to follow and why (who you follow follows them, or they are
 * popular). Following someone keeps them on the list, as "Following", until the page is next opened.
 */
export function Suggestions({ query, compact = false, className = '' }: Props) {
  const headingId = useId()
  const people = compact ? query.data?.slice(0, 5) : query.data
  if (compact && !query.isPending && !people?.length) return null

  let body
  if (query.isPending) {
    body = (
      <div className="flex justify-center py-6">
        <Spinner className="size-5 text-neutral-400" label="Loading suggestions" />
      </div>
    )
  } else if (query.isError) {
    body = <RetryNote message="Couldn't load suggestions." onRetry={() => void query.refetch()} className="items-start py-2" />
  } else if (!people?.length) {
    body = <p className="py-2 text-sm text-neutral-500">No suggestions right now. As more people join and share, you'll find them here.</p>
  } else {
    body = (
      <ul className={compact ? '' : '-my-1'}>
        {people.map((s) => (
          <UserRow key={s.id} user={s} avatarSize={compact ? 'sm' : 'md'} action={<FollowButton username={s.username} />}>
            <p className="mt-0.5 truncate text-xs text-neutral-500">{s.reason}</p>
          </UserRow>
        ))}
      </ul>
    )
  }

  return (
    <section aria-labelledby={headingId} className={className}>
      <h2 id={headingId} className={compact ? 'mb-1 text-sm font-semibold text-neutral-500' : 'mb-2 text-base font-semibold text-neutral-900'}>
        Suggested for you
      </h2>
      {body}
    </section>
  )
}
